/** A one-line terminal progress bar on stderr, redrawn from run events; only used when stderr is a TTY. */
import type { RunEvent } from '../protocol/events';

function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${Math.round(s % 60).toString().padStart(2, '0')}s` : `${s.toFixed(0)}s`;
}

export function progressBar(write: (s: string) => void, width = 28): (e: RunEvent) => void {
  const bar = (done: number, total: number) => {
    const n = total > 0 ? Math.round((done / total) * width) : 0;
    return `[${'#'.repeat(n)}${'.'.repeat(width - n)}]`;
  };
  return (e) => {
    switch (e.type) {
      case 'started':
        write(`backend ${e.backend} (${e.backendReason}); ${e.data.structures} structures, ${e.data.train}/${e.data.validation}/${e.data.test}\n`);
        break;
      case 'featurize':
        write(`\rfeaturize ${bar(e.done, e.total)} ${e.done}/${e.total}`);
        if (e.done === e.total) write('\n');
        break;
      case 'epoch':
        write(`\repoch ${bar(e.epoch, e.epochs)} ${e.epoch}/${e.epochs} loss ${e.trainLoss.toPrecision(4)} val ${(e.valEnergyRmse * 1000).toFixed(1)} meV/atom${e.valForceRmse !== undefined ? ` ${e.valForceRmse.toFixed(3)} eV/Å` : ''} ETA ${fmtSeconds(e.etaSeconds)}   `);
        break;
      case 'warning':
        write(`\nwarning: ${e.message}\n`);
        break;
      case 'finished':
        write(`\n${e.stopped ?? 'finished'} after ${e.epochs} epochs (best ${e.bestEpoch}) in ${fmtSeconds(e.seconds)}${e.report ? `; ${e.report}` : ''}\n`);
        break;
      case 'failed':
        write(`\nfailed: ${e.message}\n`);
        break;
      default:
    }
  };
}
