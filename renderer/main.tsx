/** Entry of the editor window: mounts the app and starts the imperative shell (keys, autosave; the player starts with its <video>). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installChatSync } from './chat/chat-sync';
import { App } from './components/App';
import { installAutosave } from './edit/autosave';
import { installShortcuts } from './keyboard/shortcuts';
import { useArchive } from './stores/archive';
import { installDamageNotice } from './stores/damage-notice';
import { installNodeNotice } from './stores/node-notice';
import { syncSettings } from './stores/settings-sync';

installAutosave();
installShortcuts();
installDamageNotice();
installNodeNotice();
installChatSync();
void syncSettings();
void useArchive.getState().open();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
