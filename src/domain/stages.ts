export type StageNumber = 0 | 1 | 2 | 3 | 4;

export interface Stage {
  readonly number: StageNumber;
  readonly name: string;
  readonly whatIsTrue: string;
  readonly trap: string;
  readonly nextMove: string;
}

export const STAGES: readonly Stage[] = [
  {
    number: 0,
    name: 'Curious',
    whatIsTrue: 'Leadership reads and talks about AI. No project is running and nothing is measured.',
    trap: 'Research that never ships: a committee, a strategy deck, one more webinar.',
    nextMove:
      'Stop researching and rank: score your office processes by dollars and feasibility, then commit to ship one agent within 90 days.',
  },
  {
    number: 1,
    name: 'Assisted',
    whatIsTrue:
      'People use off-the-shelf AI tools on their own. The gains are real, but unmeasured and uneven.',
    trap: 'Mistaking personal productivity tools for an operational capability.',
    nextMove:
      'Pick one high-value workflow and move it from a person using a tool to an agent doing the job.',
  },
  {
    number: 2,
    name: 'First Agent',
    whatIsTrue:
      'One agent runs a workflow end to end in production, hits its metric, and a named owner reports its number.',
    trap: 'The pilot graveyard: demos that never make it into Monday-morning use.',
    nextMove:
      'Make the production gate the standard and harden the integrations, so agents two to five come cheap.',
  },
  {
    number: 3,
    name: 'Portfolio',
    whatIsTrue:
      "Three to five agents run on shared plumbing and new ones ship in weeks. Each agent's number sits beside the production metrics every month.",
    trap: 'Sprawl: nobody knows which agents still earn their keep, and nothing ever gets retired.',
    nextMove:
      'Name one portfolio owner who runs a quarterly kill-or-scale decision, and watch the cost of each new agent fall.',
  },
  {
    number: 4,
    name: 'Embedded',
    whatIsTrue:
      'AI sits in core operational decisions, like demand sensing that feeds the schedule, within set guardrails.',
    trap: 'Reaching for stage 4 on a stage 1 foundation.',
    nextMove:
      'Fund line-level capital work only on proven office-side agents, and keep the portfolio to 5 to 12 use cases, not fifty.',
  },
];

export function stageOf(n: StageNumber): Stage {
  const stage = STAGES[n];
  // Unreachable while STAGES lists every StageNumber in order; the test suite pins that.
  if (stage === undefined) throw new Error(`No stage ${n}`);
  return stage;
}

export function stageLabel(n: StageNumber): string {
  return `Stage ${n} · ${stageOf(n).name}`;
}
