import { Link } from "react-router";
import { useSite } from "../site/SiteContext";

export const POLICY_LINKS = [
  { to: "/policies/terms", label: "이용약관" },
  { to: "/policies/privacy", label: "개인정보처리방침" },
  { to: "/policies/refund", label: "결제 및 환불 절차" },
  { to: "/policies/support", label: "고객지원 정책" },
  { to: "/policies/business", label: "사업자 정보" },
  { to: "/policies/ecommerce", label: "전자상거래법 준수 안내" },
] as const;

/** The 공정거래위원회 page that confirms a mail-order business by its registration number (digits only). */
export function ftcBusinessInfoUrl(businessNumber: string): string {
  return `https://www.ftc.go.kr/bizCommPop.do?wrkr_no=${businessNumber.replace(/[^0-9]/g, "")}`;
}

/** The merchant footer the PG review checks, on every page (the payment pages included). */
export function Footer() {
  const { site } = useSite();
  const c = site.company;
  return (
    <footer className="site-footer" aria-labelledby="footer-title">
      <nav aria-label="약관 및 정책">
        <ul className="footer-links">
          {POLICY_LINKS.map((l) => (
            <li key={l.to}>
              <Link to={l.to}>{l.to === "/policies/privacy" ? <strong>{l.label}</strong> : l.label}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <h2 id="footer-title" className="footer-title">
        {c.name}
      </h2>
      <dl className="business-info" data-testid="business-info">
        <div>
          <dt>상호</dt>
          <dd>{c.name}</dd>
        </div>
        <div>
          <dt>대표자</dt>
          <dd>{c.representative}</dd>
        </div>
        <div>
          <dt>사업자등록번호</dt>
          <dd>{c.businessNumber}</dd>
        </div>
        <div>
          <dt>통신판매업 신고번호</dt>
          <dd>{c.mailOrderNumber}</dd>
        </div>
        <div>
          <dt>사업자정보 확인</dt>
          <dd>
            <a href={ftcBusinessInfoUrl(c.businessNumber)} target="_blank" rel="noopener noreferrer" data-testid="ftc-business-info">
              공정거래위원회 사업자정보 공개
            </a>
          </dd>
        </div>
        <div>
          <dt>주소</dt>
          <dd>{c.address}</dd>
        </div>
        <div>
          <dt>전화</dt>
          <dd>
            <a href={`tel:${c.phone.replace(/[^0-9+]/g, "")}`}>{c.phone}</a>
          </dd>
        </div>
        <div>
          <dt>이메일</dt>
          <dd>
            <a href={`mailto:${c.email}`}>{c.email}</a>
          </dd>
        </div>
        <div>
          <dt>호스팅 제공자</dt>
          <dd>{c.hostingProvider}</dd>
        </div>
        <div>
          <dt>개인정보 보호책임자</dt>
          <dd>{site.privacyOfficer.name}</dd>
        </div>
      </dl>
      <p className="footer-copy">
        © {new Date().getFullYear()} {c.name}. 결제는 PG사(포트원)를 통해 안전하게 처리됩니다.
      </p>
    </footer>
  );
}
