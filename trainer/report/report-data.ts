// What a report shows, as plain data: written next to a run (report-data.json) so that
// `dealerbot report RUN` can redraw it at any time without rerunning anything.
import type { TranscriptEvent } from '../../core/transcript.js';

export interface Interval {
  value: number;
  lo: number;
  hi: number;
}

export interface ReportData {
  title: string;
  created: string;
  /** key figures shown as a table at the top */
  summary: Record<string, string | number>;
  /** evaluation return during training */
  learning?: { step: number; value: number; lo?: number; hi?: number }[];
  /** mean dealer-minutes per policy with 95% CI */
  policies?: ({ policy: string } & Interval)[];
  /** conversation lengths (dealer messages) per policy */
  lengths?: { policy: string; messages: number }[];
  /** how often each tactic was chosen in each deal stage */
  tacticsByStage?: { stage: string; tactic: string; count: number }[];
  /** off-policy estimates, with the simulator's truth when known */
  ope?: { estimator: string; value: number; lo: number; hi: number; kind: 'estimate' | 'truth' | 'logged' }[];
  /** a few example conversations */
  conversations?: { title: string; events: Pick<TranscriptEvent, 'ts' | 'direction' | 'kind' | 'text' | 'act' | 'tactic' | 'duration_s'>[] }[];
}
