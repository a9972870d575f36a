import type { RouterInputs } from '@folio/api';
import type { ImportMode } from '@folio/contract/transfer';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { describeFileErrors, readImportFile, type ImportFile } from '../lib/import-file';
import { problemOf } from '../problem';
import { useTRPC } from '../trpc';
import { ErrorMessage, Field } from './field';
import { Modal } from './modal';

type ImportDocumentInput = RouterInputs['portfolio']['import']['document'];

const MODES: Record<ImportMode, string> = {
  merge: 'Merge: add and update the portfolios the file lists; all others stay',
  replace: 'Replace: delete every portfolio, then load the file',
};

/** Loads an export file through portfolio.import: check first (dry run), then import. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<ImportFile | null>(null);
  const [fileError, setFileError] = useState<string>();
  const [mode, setMode] = useState<ImportMode>('merge');
  const run = useMutation(
    trpc.portfolio.import.mutationOptions({
      onSuccess: (report) => {
        if (!report.dry_run) void queryClient.invalidateQueries(trpc.portfolio.pathFilter());
      },
    }),
  );

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    run.reset();
    setFile(null);
    setFileError(undefined);
    const chosen = e.target.files?.[0];
    if (!chosen) return;
    const parsed = readImportFile(chosen.name, chosen.size, await chosen.text());
    if (parsed.ok) setFile(parsed.file);
    else setFileError(parsed.error);
  };
  const send = (dryRun: boolean) => {
    if (!file) return setFileError('Choose a Folio export file first');
    // The file is sent as read; the server's schema says what is wrong with it, and where.
    run.mutate({ document: file.document as ImportDocumentInput, mode, dry_run: dryRun });
  };

  const problem = run.error ? problemOf(run.error) : null;
  const fileProblems = problem?.errors?.filter((e) => e.path.startsWith('document')) ?? [];
  const serverFileError = fileProblems.length ? describeFileErrors(fileProblems, file?.document) : undefined;
  const report = run.data;
  const done = report && !report.dry_run;

  return (
    <Modal labelledBy="import-title" onCancel={onClose} busy={run.isPending}>
      <h2 id="import-title">Import portfolios</h2>
      <Field
        label="Folio export file (JSON)"
        type="file"
        accept="application/json,.json"
        onChange={(e) => void choose(e)}
        error={fileError ?? serverFileError}
        hint={file ? `In this file: ${file.portfolios} portfolios, ${file.holdings} holdings` : 'Written by Export, `folio export` or GET /api/export'}
        disabled={run.isPending}
      />
      <fieldset className="modes" disabled={run.isPending || done}>
        <legend>Mode</legend>
        {(Object.keys(MODES) as ImportMode[]).map((m) => (
          <label key={m} className="radio">
            <input
              type="radio"
              name="import-mode"
              value={m}
              checked={mode === m}
              onChange={() => {
                setMode(m);
                run.reset();
              }}
            />
            {MODES[m]}
          </label>
        ))}
      </fieldset>
      {mode === 'replace' ? (
        <p className="warning">Replace removes every portfolio that is not in the file. Check the file first.</p>
      ) : null}
      <ErrorMessage>{problem && !serverFileError ? problem.detail : null}</ErrorMessage>
      {report ? (
        <div role="status" className="import-report">
          <h3>{report.dry_run ? 'What the import would do (nothing written yet)' : 'Imported'}</h3>
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col"></th>
                <th scope="col" className="num">Created</th>
                <th scope="col" className="num">Updated</th>
                <th scope="col" className="num">Unchanged</th>
                <th scope="col" className="num">Deleted</th>
              </tr>
            </thead>
            <tbody>
              {(['portfolios', 'stocks'] as const).map((kind) => (
                <tr key={kind}>
                  <th scope="row">{kind === 'portfolios' ? 'Portfolios' : 'Holdings'}</th>
                  <td className="num">{report[kind].created}</td>
                  <td className="num">{report[kind].updated}</td>
                  <td className="num">{report[kind].unchanged}</td>
                  <td className="num">{report[kind].deleted}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="actions">
        <button type="button" onClick={onClose} disabled={run.isPending}>
          {done ? 'Close' : 'Cancel'}
        </button>
        {!done ? (
          <>
            <button type="button" onClick={() => send(true)} disabled={run.isPending || !file}>
              Check file
            </button>
            <button type="button" className={mode === 'replace' ? 'danger' : 'primary'} onClick={() => send(false)} disabled={run.isPending || !file}>
              {run.isPending ? 'Working…' : mode === 'replace' ? 'Replace everything' : 'Import'}
            </button>
          </>
        ) : null}
      </div>
    </Modal>
  );
}
