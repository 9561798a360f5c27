/**
 * Electron glue: the window, the archive:// protocol, the API over IPC, the menu, the
 * dialogs, settings and the quit sequence. Every decision lives in a tested module
 * (window/, menu/, settings/, shutdown/, api/); this file only connects them to Electron.
 */
import { app, dialog, ipcMain, Menu, protocol, shell, type BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { desktopAppHandlers } from '../node/api/app-handlers';
import { createHandlers } from '../node/api/handlers';
import { registerApiHandlers } from './ipc';
import { ConsentGate, type Question } from './consent/gate';
import { guardedHandlers } from './consent/guarded-handlers';
import { sharedExportQueue } from '../node/export/queue';
import { aboutDetail } from './menu/about';
import { menuTemplate } from './menu/template';
import { createProtocolHandler } from '../node/protocol/handler';
import { TemplateStore } from '../node/thumbnail/templates';
import { TEMPLATES_FOLDER_NAME } from '../node/thumbnail/user-folder';
import { chooseFfmpeg, useFfmpeg } from '../node/settings/ffmpeg';
import { SettingsStore } from '../node/settings/store';
import { activeJobCount, refuseNewExports, settleExports } from '../node/shutdown/exports';
import { QUIT_BUTTONS, QUIT_DETAIL, quitChoiceAt, quitMessage } from './quit-dialog';
import { exitStatusOf, Shutdown } from '../node/shutdown/shutdown';
import { shutdownOnSignal } from '../node/shutdown/signals';
import { serveAppProtocol, unpackedPath } from './window/app-protocol';
import { openEditorWindow, windowState } from './window/editor-window';
import { AppSession } from './window/session';
import { archiveArgument, userArguments } from './window/launch';
import { APP_URL } from '../../shared/api/preload';
import { registerArchiveScheme } from './window/scheme';

const log = (message: string) => console.warn(message);
const outDir = (folder: string) => fileURLToPath(new URL(`../${folder}`, import.meta.url));

// Must happen before `ready`: the scheme's privileges are fixed at startup.
registerArchiveScheme(protocol);

const launchArchive = archiveArgument(userArguments(process.argv, app.isPackaged), process.cwd());
if (!app.requestSingleInstanceLock({ archive: launchArchive })) app.quit();
else void app.whenReady().then(start);

async function start(): Promise<void> {
  const store = await SettingsStore.open(app.getPath('userData'), log);
  const ffmpeg = await chooseFfmpeg({
    configuredPath: store.settings.ffmpegPath,
    env: process.env,
    resourcesPath: app.isPackaged ? process.resourcesPath : undefined,
    platform: process.platform,
  });
  if (ffmpeg) useFfmpeg(ffmpeg, process.env);
  const shutdown = new Shutdown();
  const session = new AppSession(store, path.join(app.getPath('userData'), 'node-segments'));
  const gate = new ConsentGate({
    ask: (question) => askNatively(session.window, question),
    folders: { platform: process.platform, home: app.getPath('home') },
    openedBefore: () => store.recentArchives,
  });
  session.onUserChoice = (root) => gate.rememberPick(root);
  const queue = sharedExportQueue();
  const templates = new TemplateStore(path.join(app.getPath('userData'), TEMPLATES_FOLDER_NAME));
  const handlers = refuseNewExports(
    guardedHandlers(
      createHandlers({
        archive: () => session.archive,
        exportQueue: queue,
        templates,
        app: desktopAppHandlers({
          versions: { electron: process.versions.electron, chrome: process.versions.chrome },
          ffmpegSource: ffmpeg?.source ?? null,
          store,
          openArchive: (root, add) => session.open(root, add),
          chooseFolder: () => session.chooseFolder(),
          chooseSavePath: (options) => session.chooseSavePath(options),
          reveal: (filePath) => shell.showItemInFolder(filePath),
        }),
      }),
      gate,
    ),
    () => shutdown.started,
  );
  // The window keeps its API while exports settle (it shows their progress); closed last.
  shutdown.add('close', 'API handlers', registerApiHandlers(ipcMain, handlers, log));
  shutdown.add('settle-work', 'export jobs', settleExports(queue));
  // app.exit() skips the windows' close events, so the bounds are saved here.
  shutdown.add('clean-up', 'window bounds', () => (liveWindow(session.window) ? store.rememberWindow(windowState(session.window)) : undefined));
  shutdown.add('close', 'settings', () => store.flushed());

  session.window = openEditorWindow({
    preloadPath: outDir('preload/preload.cjs'),
    development: !app.isPackaged,
    saved: store.window,
    onDrop: (folder) => void gate.mayOpenDropped(folder).then((confirmed) => (confirmed ? session.openAndShow(folder) : undefined)),
    onClose: (state) => void store.rememberWindow(state),
  });
  session.window.on('close', (event) => {
    // Closing the window with exports running goes through the quit question first.
    if (shutdown.started || activeJobCount(queue) === 0) return;
    event.preventDefault();
    app.quit();
  });
  serveAppProtocol(session.window.webContents.session.protocol, {
    media: createProtocolHandler({ archive: () => session.archive, log, templates }),
    rendererDir: unpackedPath(outDir('renderer')),
    log,
  });
  const about = async () => {
    const detail = aboutDetail(await handlers.appInfo({}));
    await dialog.showMessageBox({ type: 'info', title: 'About Trimdesk', message: 'Trimdesk', detail });
  };
  session.onRecentChange = () => Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(session.menuContext(() => void about()))));
  session.onRecentChange();
  // A bad path is reported without holding up the window, which then offers to open one.
  if (launchArchive) {
    gate.rememberPick(launchArchive);
    await session.open(launchArchive).catch((error: Error) => void session.showError(error));
  }
  await session.window.loadURL(APP_URL);

  app.on('second-instance', (_event, _argv, _cwd, data) => {
    session.window?.show();
    session.window?.focus();
    const root = (data as { archive?: string } | undefined)?.archive;
    if (root) void session.openAndShow(root);
  });
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    void session.openAndShow(filePath);
  });
  app.on('window-all-closed', () => app.quit());
  // Ctrl+C in the terminal that ran `npm start`, or SIGTERM at logout: the same shutdown, cancelling exports.
  void shutdownOnSignal(shutdown, { log }).then(({ exitStatus }) => app.exit(exitStatus));
  app.on('before-quit', (event) => {
    if (shutdown.started) return;
    event.preventDefault();
    void quitGracefully(shutdown, queue, session.window);
  });
}

/** Asks what to do with running exports, then runs the one shutdown and exits with its status. */
async function quitGracefully(shutdown: Shutdown, queue: ReturnType<typeof sharedExportQueue>, window: BrowserWindow | undefined): Promise<void> {
  const active = activeJobCount(queue);
  let policy: 'wait' | 'cancel' = 'cancel';
  if (active > 0) {
    const options = {
      type: 'question' as const,
      message: quitMessage(active),
      detail: QUIT_DETAIL,
      buttons: QUIT_BUTTONS.map((button) => button.label),
      defaultId: 0,
      cancelId: 0,
    };
    const { response } = liveWindow(window) ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    const choice = quitChoiceAt(response);
    if (choice === 'keep-working') return;
    policy = choice;
  }
  const report = await shutdown.run('quit', policy);
  for (const failure of report.failures) log(`Could not clean up ${failure}`);
  app.exit(exitStatusOf(report));
}

/** A consent question as a native message box, which the page can neither see nor answer. */
async function askNatively(window: BrowserWindow | undefined, question: Question): Promise<number> {
  const options = {
    type: 'warning' as const,
    message: question.message,
    detail: question.detail,
    buttons: [...question.buttons],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const { response } = liveWindow(window) ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return response;
}

function liveWindow(window: BrowserWindow | undefined): window is BrowserWindow {
  return window !== undefined && !window.isDestroyed();
}
