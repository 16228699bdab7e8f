/**
 * The printable license report (insight:report) as one page of the window:
 * the same document core writes for `vpp-desk report`, shown in a print
 * view; Print / Save as PDF prints only the report (see lib/print-report.ts).
 */
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api';
import { Button } from '../components/button';
import { InlineError } from '../components/inline-error';
import { downloadText } from '../lib/download';
import { printReport, reportBody, savesPdfInApp } from '../lib/print-report';
import { useAppStore } from '../stores/app-store';
import { useNavStore } from '../stores/nav-store';
import { toast } from '../stores/toast-store';

export function ReportPage() {
  const dataVersion = useAppStore((s) => s.dataVersion);
  const info = useAppStore((s) => s.info);
  const [saving, setSaving] = useState(false);
  const go = useNavStore((s) => s.go);
  const [report, setReport] = useState<{ fileName: string; html: string; body: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.getReport().then(
      (value) => {
        if (!live) return;
        setReport({ ...value, body: reportBody(value.html).body });
        setError(null);
      },
      (err: unknown) => live && setError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [dataVersion]);

  const print = () => {
    setSaving(true);
    printReport(info)
      .then(
        (outcome) => outcome.kind === 'saved' && toast.success(`Report saved to ${outcome.file}`),
        (err: unknown) => toast.error(messageOf(err)),
      )
      .finally(() => setSaving(false));
  };

  return (
    <div className="page report-page">
      <div className="toolbar report-toolbar">
        <Button variant="ghost" onClick={() => go('overview')}>
          ← Back to Overview
        </Button>
        <span className="toolbar-spacer" />
        <Button
          icon="download"
          disabled={!report}
          onClick={() => report && downloadText(report.fileName, report.html, 'text/html;charset=utf-8')}
        >
          Download HTML
        </Button>
        <Button icon="print" variant="primary" disabled={!report || saving} onClick={print}>
          {savesPdfInApp(info) ? 'Save as PDF' : 'Print / Save as PDF'}
        </Button>
      </div>
      {error ? <InlineError title="The report could not be made." message={error} /> : null}
      {report ? (
        // Core's report: every value escaped there (core/insight/report.ts); parsed inert and stripped of head and scripts here.
        <article className="report-doc" data-testid="report" dangerouslySetInnerHTML={{ __html: report.body }} />
      ) : null}
    </div>
  );
}
