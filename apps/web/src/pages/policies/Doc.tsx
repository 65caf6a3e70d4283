import type { ReactNode } from "react";
import { useSite } from "../../site/SiteContext";

/** One policy document: its title, its body and the date it took effect. */
export function Doc({ title, children }: { title: string; children: ReactNode }) {
  const { site } = useSite();
  return (
    <article className="policy" aria-labelledby="policy-title">
      <h1 id="policy-title" tabIndex={-1}>
        {title}
      </h1>
      {children}
      <p className="hint">시행일: {site.policies.effectiveDate}</p>
    </article>
  );
}
