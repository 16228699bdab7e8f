/** The window: navigation, header, banners, the current page, and the shared dialogs. */
import { AppHeader } from './components/app-header';
import { Banners } from './components/banners';
import { EmptyState } from './components/empty-state';
import { Sidebar } from './components/sidebar';
import { Toasts } from './components/toasts';
import { DeployDialog } from './dialogs/deploy-dialog';
import { UploadTokenDialog } from './dialogs/upload-token-dialog';
import { useLiveState } from './hooks/use-live-state';
import { ActivityPage } from './pages/activity-page';
import { AppDetailPage } from './pages/app-detail-page';
import { AppsPage } from './pages/apps-page';
import { DeploymentsPage } from './pages/deployments-page';
import { DevicesPage } from './pages/devices-page';
import { HolderPage } from './pages/holder-page';
import { OverviewPage } from './pages/overview-page';
import { ReclaimPage } from './pages/reclaim-page';
import { ReportPage } from './pages/report-page';
import { TokenPage } from './pages/token-page';
import { UsersPage } from './pages/users-page';
import { useAppStore } from './stores/app-store';
import { useDialogStore } from './stores/dialog-store';
import { useNavStore, type PageId } from './stores/nav-store';
import type { JSX } from 'react';

const PAGE_VIEWS: Record<PageId, () => JSX.Element> = {
  token: TokenPage,
  apps: AppsPage,
  users: UsersPage,
  deployments: DeploymentsPage,
  activity: ActivityPage,
  devices: DevicesPage,
  reclaim: ReclaimPage,
  app: AppDetailPage,
  holder: HolderPage,
  overview: OverviewPage,
  report: ReportPage,
};

export function App() {
  useLiveState();
  const loaded = useAppStore((s) => s.loaded);
  const fatal = useAppStore((s) => s.fatal);
  const page = useNavStore((s) => s.page);
  const upload = useDialogStore((s) => s.upload);
  const deploy = useDialogStore((s) => s.deploy);
  const closeDialogs = useDialogStore((s) => s.close);

  if (fatal) {
    return (
      <main className="fatal">
        <EmptyState icon="error" title="VPP Desk cannot start this window">
          {fatal}
        </EmptyState>
      </main>
    );
  }

  const View = PAGE_VIEWS[page];
  return (
    <div className="shell">
      <Sidebar />
      <div className="main-col">
        <AppHeader />
        <Banners />
        <main className="content" id="main" aria-busy={!loaded || undefined}>
          {loaded ? (
            <View />
          ) : (
            <div className="loading" role="status">
              Loading…
            </div>
          )}
        </main>
      </div>
      {upload ? <UploadTokenDialog onClose={closeDialogs} /> : null}
      {deploy ? <DeployDialog preset={deploy.preset} onClose={closeDialogs} /> : null}
      <Toasts />
    </div>
  );
}
