/**
 * 개인정보처리방침. The processors, the merchant's details and the dated versions are site
 * configuration (/site.json); what the app keeps in the browser is described here as it is built:
 * one httpOnly refresh cookie, nothing in localStorage or sessionStorage.
 */
import type { PolicyVersion, SiteConfig } from "../../site/config";
import { useSite } from "../../site/SiteContext";
import { Doc } from "./Doc";

function isVersion(v: unknown): v is PolicyVersion {
  const o = v as PolicyVersion;
  return !!o && typeof o.version === "string" && typeof o.date === "string" && typeof o.summary === "string";
}

/** The configured versions, newest first; the one in force is the version dated `effectiveDate`. */
export function privacyVersions(site: SiteConfig): (PolicyVersion & { current: boolean })[] {
  const listed = (Array.isArray(site.policies.privacyHistory) ? site.policies.privacyHistory : []).filter(isVersion);
  const sorted = [...listed].sort((a, b) => b.date.localeCompare(a.date));
  const effective = site.policies.effectiveDate;
  if (!sorted.some((v) => v.date === effective)) sorted.unshift({ version: "현행", date: effective, summary: "현재 시행 중인 방침" });
  return sorted.map((v) => ({ ...v, current: v.date === effective }));
}

export function Privacy() {
  const { site } = useSite();
  const c = site.company;
  const o = site.privacyOfficer;
  const processors: [string, string][] = [
    ["주식회사 코리아포트원(포트원)", "결제 요청의 중계와 결제 결과 확인 (결제 연동 서비스)"],
    [site.processors.pg, "신용·체크카드와 간편결제의 결제 처리, 결제 취소와 환불"],
    ["간편결제를 고른 경우 해당 간편결제 사업자", "간편결제 인증과 결제 처리"],
    [site.processors.email, "예약·결제·환불 안내 이메일 발송"],
    [c.hostingProvider, "서비스 운영 인프라 (서버, 데이터베이스, 업로드 문서 보관)"],
  ];
  return (
    <Doc title="개인정보처리방침">
      <p>
        {c.name}(이하 "회사")는 「개인정보 보호법」에 따라 이용자의 개인정보를 보호하고 관련 고충을 신속하게 처리하기 위해 다음과 같이
        개인정보처리방침을 둡니다.
      </p>
      <h2>1. 수집하는 개인정보 항목과 목적</h2>
      <div className="table-wrap">
        <table>
          <caption className="sr-only">수집 항목과 목적</caption>
          <thead>
            <tr>
              <th scope="col">구분</th>
              <th scope="col">항목</th>
              <th scope="col">목적</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">회원가입(필수)</th>
              <td>이름, 이메일, 휴대폰 번호, 비밀번호(암호화 저장)</td>
              <td>본인 확인, 예약·결제·수령 안내, 고객 문의 응대</td>
            </tr>
            <tr>
              <th scope="row">예약(필수)</th>
              <td>업로드 문서, 인쇄 옵션, 매장·수령 시간, 주문 제작 안내 동의 기록(안내 문구, 버전, 동의 시각)</td>
              <td>인쇄 서비스 제공, 청약철회 제한에 대한 동의 입증</td>
            </tr>
            <tr>
              <th scope="row">결제(필수)</th>
              <td>결제 수단 종류, 승인 번호, 결제 금액 (카드 번호는 결제대행사가 처리하며 회사는 저장하지 않음)</td>
              <td>대금 결제, 환불, 거래 기록 보관</td>
            </tr>
            <tr>
              <th scope="row">자동 수집</th>
              <td>접속 기록, IP 주소, 브라우저 정보</td>
              <td>부정 이용 방지, 서비스 안정성 확보</td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>2. 보유 및 이용 기간</h2>
      <ul>
        <li>회원 정보: 회원 탈퇴 시까지</li>
        <li>업로드 문서: 예약 종료 후 {site.policies.fileRetentionDays}일</li>
        <li>
          계약 또는 청약철회 등에 관한 기록(주문 제작 안내 동의 기록 포함), 대금결제 및 재화 등의 공급에 관한 기록: 5년 (전자상거래법)
        </li>
        <li>소비자의 불만 또는 분쟁처리에 관한 기록: 3년 (전자상거래법)</li>
        <li>접속 기록: 3개월 (통신비밀보호법)</li>
      </ul>
      <h2>3. 제3자 제공</h2>
      <p>회사는 이용자의 동의나 법령의 근거 없이 개인정보를 제3자에게 제공하지 않습니다.</p>
      <h2>4. 처리 위탁</h2>
      <p>회사는 서비스 제공을 위해 다음과 같이 개인정보 처리 업무를 위탁합니다.</p>
      <div className="table-wrap">
        <table data-testid="privacy-processors">
          <caption className="sr-only">수탁자와 위탁 업무</caption>
          <thead>
            <tr>
              <th scope="col">수탁자</th>
              <th scope="col">위탁 업무</th>
            </tr>
          </thead>
          <tbody>
            {processors.map(([who, what]) => (
              <tr key={who}>
                <th scope="row">{who}</th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>5. 파기 절차와 방법</h2>
      <p>보유 기간이 지난 개인정보는 지체 없이 파기합니다. 전자 파일은 복구할 수 없는 방법으로 삭제합니다.</p>
      <h2>6. 이용자의 권리</h2>
      <p>
        이용자는 언제든지 자신의 개인정보를 열람·정정·삭제하거나 처리 정지를 요구할 수 있으며, 아래 개인정보 보호책임자에게 요청하면 지체
        없이 조치합니다.
      </p>
      <h2>7. 쿠키와 브라우저 저장소</h2>
      <div className="table-wrap">
        <table data-testid="privacy-cookies">
          <caption className="sr-only">브라우저에 저장하는 정보</caption>
          <thead>
            <tr>
              <th scope="col">이름</th>
              <th scope="col">목적</th>
              <th scope="col">보관 기간</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">preprint_refresh (쿠키, 필수)</th>
              <td>
                로그인 유지. 스크립트에서 읽을 수 없는(HttpOnly) 쿠키로, 로그인·토큰 갱신·로그아웃 요청에만 전송되며(SameSite=Strict) 광고나
                분석에 쓰지 않습니다.
              </td>
              <td>로그인 유지 기간(기본 14일, 이용할 때마다 연장). 로그아웃하면 즉시 삭제됩니다.</td>
            </tr>
            <tr>
              <th scope="row">로그인 정보(메모리)</th>
              <td>요청마다 보내는 접속 토큰은 열린 화면의 메모리에만 두며 브라우저에 저장하지 않습니다.</td>
              <td>화면을 닫거나 새로 고칠 때까지</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>
        이 서비스는 localStorage, sessionStorage 등 브라우저 저장소에 정보를 저장하지 않으며, 광고·분석용 쿠키를 쓰지 않습니다. 결제창을
        열면 불러오는 포트원 결제 모듈과 결제대행사·카드사·간편결제 화면은 각 사의 방침에 따라 쿠키 등을 쓸 수 있습니다. 브라우저 설정에서
        쿠키를 거부할 수 있으나, 이 경우 로그인 상태가 유지되지 않습니다.
      </p>
      <h2>8. 안전성 확보 조치</h2>
      <p>비밀번호 암호화, 전송 구간 암호화(HTTPS), 접근 권한 관리와 접속 기록 보관 등 기술적·관리적 보호 조치를 합니다.</p>
      <h2>9. 개인정보 보호책임자</h2>
      <dl className="kv" data-testid="privacy-officer">
        <div>
          <dt>성명</dt>
          <dd>{o.name}</dd>
        </div>
        <div>
          <dt>직책</dt>
          <dd>{o.title}</dd>
        </div>
        <div>
          <dt>전화</dt>
          <dd>{o.phone}</dd>
        </div>
        <div>
          <dt>이메일</dt>
          <dd>{o.email}</dd>
        </div>
      </dl>
      <p>개인정보 침해에 대한 신고나 상담은 개인정보침해신고센터(국번 없이 118), 개인정보분쟁조정위원회(1833-6972)에 할 수 있습니다.</p>
      <h2>10. 개정 이력</h2>
      <div className="table-wrap">
        <table data-testid="privacy-history">
          <caption className="sr-only">개인정보처리방침 개정 이력</caption>
          <thead>
            <tr>
              <th scope="col">버전</th>
              <th scope="col">시행일</th>
              <th scope="col">주요 내용</th>
            </tr>
          </thead>
          <tbody>
            {privacyVersions(site).map((v) => (
              <tr key={`${v.version}-${v.date}`} aria-current={v.current ? "true" : undefined}>
                <th scope="row">
                  {v.version}
                  {v.current ? " (현행)" : ""}
                </th>
                <td>{v.date}</td>
                <td>
                  {v.summary}
                  {v.url && !v.current && /^(https?:\/\/|\/)/.test(v.url) && (
                    <>
                      {" "}
                      <a href={v.url} rel="noopener noreferrer" target="_blank">
                        이전 방침 보기
                      </a>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Doc>
  );
}
