/**
 * Which engine trained the model and which predicted the report's sets (producer.engines: the wasm SIMD
 * kernels or tfjs ops, and why), worded once for the HTML export's facts rows and the report viewer's line.
 */
import type { Producer } from '../../protocol/report';

export interface EngineFact {
  /** "training engine" or "prediction engine" */
  label: string;
  /** "wasm-simd-kernels — training steps on the wasm SIMD MLP kernels" */
  text: string;
}

/** One fact per engine the report records, training first; none for reports written before engines were recorded. */
export function engineFacts(engines: Producer['engines'] | undefined): EngineFact[] {
  return (['training', 'prediction'] as const).flatMap((k) => {
    const e = engines?.[k];
    return e?.name ? [{ label: `${k} engine`, text: `${e.name}${e.reason ? ` — ${e.reason}` : ''}` }] : [];
  });
}
