/**
 * Left navigation: the pages, with the install's facts at the bottom. It
 * collapses to icons (labels stay as accessible names and tooltips), by
 * itself in a narrow window or when the admin says so.
 */
import { useMedia } from '../hooks/use-media';
import { NARROW_WINDOW } from '../lib/column-layout';
import { useAppStore } from '../stores/app-store';
import { useNavStore, type PageId } from '../stores/nav-store';
import { useShellStore } from '../stores/shell-store';
import { Icon, type IconName } from './icons';

const ITEMS: Array<{ id: PageId; label: string; icon: IconName }> = [
  { id: 'token', label: 'Token', icon: 'token' },
  { id: 'overview', label: 'Overview', icon: 'chart' },
  { id: 'apps', label: 'Apps', icon: 'apps' },
  { id: 'users', label: 'Users', icon: 'users' },
  { id: 'devices', label: 'Devices', icon: 'device' },
  { id: 'deployments', label: 'Deployments', icon: 'deploy' },
  { id: 'activity', label: 'Activity', icon: 'activity' },
  { id: 'reclaim', label: 'Reclaim', icon: 'retry' },
];

export function Sidebar() {
  const page = useNavStore((s) => s.page);
  const go = useNavStore((s) => s.go);
  const info = useAppStore((s) => s.info);
  const tokenState = useAppStore((s) => s.token?.state);
  const needsAttention =
    tokenState === 'none' ||
    tokenState === 'expired' ||
    tokenState === 'revoked' ||
    tokenState === 'invalid' ||
    tokenState === 'expiring';
  const narrow = useMedia(`(max-width: ${NARROW_WINDOW - 1}px)`);
  const choice = useShellStore((s) => s.sidebarCollapsed);
  const setCollapsed = useShellStore((s) => s.setSidebarCollapsed);
  const collapsed = choice ?? narrow;

  return (
    <aside className={`sidebar${collapsed ? ' is-collapsed' : ''}`}>
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
          <rect width="32" height="32" rx="8" fill="#2f5fd0" />
          <path
            d="M9 9l7 15 7-15"
            fill="none"
            stroke="#fff"
            strokeWidth="3.2"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <span className="brand-name">VPP Desk</span>
      </div>
      <nav aria-label="Main">
        <ul className="nav-list">
          {ITEMS.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className={`nav-item${page === item.id ? ' is-active' : ''}`}
                aria-current={page === item.id ? 'page' : undefined}
                title={collapsed ? item.label : undefined}
                onClick={() => go(item.id)}
              >
                <Icon name={item.icon} size={18} />
                <span className="nav-label">{item.label}</span>
                {item.id === 'token' && needsAttention ? (
                  <span className="nav-badge" title="The token needs attention" aria-label="needs attention" />
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <button
        type="button"
        className="nav-item sidebar-toggle"
        aria-expanded={!collapsed}
        title={collapsed ? 'Show labels' : 'Collapse the sidebar'}
        onClick={() => setCollapsed(!collapsed)}
      >
        <Icon name="chevron" size={18} />
        <span className="nav-label">{collapsed ? 'Show labels' : 'Collapse'}</span>
      </button>
      <div className="sidebar-foot">
        {info?.demo ? <span className="tag">Demo data</span> : null}
        {info?.transport === 'preview' ? (
          <span
            className="tag"
            title="Running in the browser preview host (development and tests), not the desktop app."
          >
            Browser preview
          </span>
        ) : null}
        {info ? <span className="version">Version {info.version}</span> : null}
      </div>
    </aside>
  );
}
