/** The one open dialog, in a modal frame with its title; Escape, the backdrop or ✕ closes it. */
import type { ReactNode } from 'react';
import { useDialogs, type DialogName } from '../stores/dialogs';
import { ExportDialog } from './ExportDialog';
import { GotoDialog } from './GotoDialog';
import { HelpDialog } from './HelpDialog';
import { ModalDialog } from './ModalDialog';
import { SettingsDialog } from './SettingsDialog';
import { SourcesDialog } from './SourcesDialog';
import { ThumbnailComposer } from './ThumbnailComposer';

const DIALOGS: Record<DialogName, { title: string; body: () => ReactNode }> = {
  help: { title: 'Keyboard shortcuts', body: () => <HelpDialog /> },
  export: { title: 'Export', body: () => <ExportDialog /> },
  goto: { title: 'Go to a time', body: () => <GotoDialog /> },
  settings: { title: 'Settings', body: () => <SettingsDialog /> },
  thumbnail: { title: 'Thumbnail', body: () => <ThumbnailComposer /> },
  openAddress: { title: 'Open a recorder node', body: () => <SourcesDialog mode="open" /> },
  addSource: { title: 'Sources', body: () => <SourcesDialog mode="add" /> },
};

export function Dialogs() {
  const open = useDialogs((s) => s.open);
  const close = useDialogs((s) => s.close);
  if (open === undefined) return null;
  const dialog = DIALOGS[open];
  return (
    <ModalDialog key={open} label={dialog.title} kind={open} onClose={close}>
      <header className="modal-head">
        <h2>{dialog.title}</h2>
        <button aria-label="Close" onClick={close}>
          ✕
        </button>
      </header>
      {dialog.body()}
    </ModalDialog>
  );
}
