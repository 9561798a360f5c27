/**
 * A modal frame on the native <dialog> (showModal): the page behind is inert, Escape and a
 * click on the backdrop close it, Tab cycles inside it, and focus goes back to whatever
 * had it before the dialog opened. The dialog is open exactly while it is mounted.
 */
import { useLayoutEffect, useRef, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';

interface ModalDialogProps {
  /** The accessible name: what a screen reader announces and tests look the dialog up by. */
  label: string;
  /** Which dialog, for its styles (class modal-<kind>). */
  kind?: string;
  onClose(): void;
  children: ReactNode;
}

const FOCUSABLE = 'button, [href], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

function focusables(dialog: HTMLDialogElement): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => !element.matches(':disabled') && element.checkVisibility());
}

/**
 * A modal dialog keeps focus in the page, but after its last control Chromium moves it
 * out to the browser's own UI; wrap around instead, so Tab never leaves the dialog.
 */
function wrapTab(event: KeyboardEvent<HTMLDialogElement>): void {
  if (event.key !== 'Tab') return;
  const controls = focusables(event.currentTarget);
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (first === undefined || last === undefined) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !event.currentTarget.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !event.currentTarget.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}

/** Clicks on the backdrop reach the dialog element itself, at a point outside its box. */
function isBackdropClick(event: MouseEvent<HTMLDialogElement>): boolean {
  if (event.target !== event.currentTarget) return false;
  const box = event.currentTarget.getBoundingClientRect();
  return event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
}

export function ModalDialog({ label, kind, onClose, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    // Children cannot take focus before showModal (a closed dialog is not rendered), so
    // this is still the control or page that opened the dialog.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    dialog.showModal();
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={kind === undefined ? 'modal' : `modal modal-${kind}`}
      aria-label={label}
      aria-modal="true"
      onCancel={(event) => {
        // Escape: the parent unmounts the dialog, which closes it; it is never closed but mounted.
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => isBackdropClick(event) && onClose()}
      onKeyDown={wrapTab}
    >
      <div className="modal-body">{children}</div>
    </dialog>
  );
}
