/** `?`: every action and its keys, straight from the action registry. */
import { desktop } from '../bridge/bridge';
import { actions, type ActionGroup } from '../keyboard/actions';

const GROUPS: ActionGroup[] = ['Playback', 'Navigate', 'Chat', 'Ranges', 'Edit', 'File'];

/** The ten percent jumps read better as one line. */
function shownActions(group: ActionGroup) {
  return actions.filter((a) => a.group === group && !a.id.startsWith('navigate.percent'));
}

export function HelpDialog() {
  return (
    <div className="help-grid">
      {GROUPS.map((group) => (
        <section key={group}>
          <h3>{group}</h3>
          <dl>
            {shownActions(group).map((action) => (
              <div key={action.id} className="help-row">
                <dt>
                  {action.keys.length === 0 ? (
                    <span className="muted">{desktop ? 'menu' : 'Project menu'}</span>
                  ) : (
                    action.keys.map((key) => <kbd key={key}>{key}</kbd>)
                  )}
                </dt>
                <dd>{action.label}</dd>
              </div>
            ))}
            {group === 'Navigate' && (
              <div className="help-row">
                <dt>
                  <kbd>0</kbd>–<kbd>9</kbd>
                </dt>
                <dd>Jump to 0–90 % of the window</dd>
              </div>
            )}
          </dl>
        </section>
      ))}
      <p className="muted">Shortcuts are ignored while you type in a field. Ctrl means ⌘ on a Mac.</p>
    </div>
  );
}
