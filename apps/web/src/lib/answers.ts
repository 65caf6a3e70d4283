/**
 * Answers to repeated requests for the same view (a reload per live event, a date picked while the
 * first load is still out) can arrive out of order. Applying each as it comes would let an older
 * answer replace a newer one until the next event or poll. This keeps the view on the newest
 * answer: each request takes a ticket, and an answer is applied only when no newer one has been.
 */
export class AnswerOrder {
  private issued = 0;
  private applied = 0;

  begin(): AnswerTicket {
    const seq = ++this.issued;
    return {
      apply: () => {
        if (seq <= this.applied) return false;
        this.applied = seq;
        return true;
      },
      current: () => seq > this.applied,
    };
  }
}

export interface AnswerTicket {
  /** true (and marked applied) when no newer request's answer has been applied; then show this answer */
  apply(): boolean;
  /** for a failure: true while no newer answer has been applied (an old error must not cover new data) */
  current(): boolean;
}
