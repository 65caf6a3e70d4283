/**
 * The six documents the PG review checks. Every name, number and address comes from the site
 * configuration (/site.json); the refund tiers come from the reservation service's published policy.
 */
import type { ReactNode } from "react";
import { Link } from "react-router";
import { RefundTiers } from "../../components/RefundTiers";
import { useSite } from "../../site/SiteContext";

function Doc({ title, children }: { title: string; children: ReactNode }) {
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

export function Terms() {
  const { site } = useSite();
  const c = site.company;
  return (
    <Doc title="이용약관">
      <h2>제1조 (목적)</h2>
      <p>
        이 약관은 {c.name}(이하 "회사")가 운영하는 {site.serviceName}(이하 "서비스")에서 제공하는 인쇄 예약 및 관련 서비스의
        이용 조건과 절차, 회사와 이용자의 권리·의무 및 책임 사항을 정합니다.
      </p>
      <h2>제2조 (정의)</h2>
      <ol>
        <li>"서비스"란 이용자가 문서(PDF)를 올리고 인쇄 옵션, 매장과 수령 시간을 골라 결제한 뒤 무인 매장에서 인쇄물을 받는 서비스를 말합니다.</li>
        <li>"이용자"란 이 약관에 따라 서비스를 이용하는 회원을 말합니다.</li>
        <li>"수령 코드"란 결제가 확정된 예약마다 발급되어 매장에서 인쇄물을 받을 때 쓰는 번호를 말합니다.</li>
      </ol>
      <h2>제3조 (약관의 게시와 개정)</h2>
      <p>
        회사는 이 약관을 서비스 화면에 게시합니다. 약관을 개정할 때에는 시행일 7일 전(이용자에게 불리한 개정은 30일 전)부터
        개정 내용과 시행일을 공지합니다.
      </p>
      <h2>제4조 (회원가입)</h2>
      <p>이용자는 이름, 이메일, 휴대폰 번호, 비밀번호를 입력하고 이 약관과 개인정보처리방침에 동의하여 회원으로 가입합니다.</p>
      <h2>제5조 (예약과 계약의 성립)</h2>
      <ol>
        <li>이용자가 문서, 인쇄 옵션, 매장과 수령 시간을 고르면 서비스는 결제 전에 최종 금액을 표시합니다.</li>
        <li>예약 후 제한 시간 안에 결제가 승인되면 계약이 성립하고 수령 코드가 발급됩니다. 제한 시간 안에 결제하지 않은 예약은 자동으로 취소됩니다.</li>
        <li>회사는 타인의 저작권 등 권리를 침해하거나 법령에 어긋나는 문서의 인쇄를 거절할 수 있으며, 이 경우 결제 금액 전액을 환불합니다.</li>
      </ol>
      <h2>제6조 (결제)</h2>
      <p>
        결제는 신용·체크카드 또는 간편결제로 하며, 결제 대행사(PG)를 통해 처리됩니다. 회사는 카드 번호 등 결제 정보를 저장하지
        않습니다. 자세한 내용은 <Link to="/policies/refund">결제 및 환불 절차</Link>를 따릅니다.
      </p>
      <h2>제7조 (취소와 환불)</h2>
      <p>
        이용자는 수령 전까지 예약을 취소할 수 있으며, 환불 금액은 게시된 <Link to="/policies/refund">환불 규정</Link>에 따릅니다.
        회사의 사정으로 인쇄하지 못한 경우에는 전액을 환불합니다.
      </p>
      <h2>제8조 (인쇄물의 수령)</h2>
      <p>
        이용자는 예약한 매장에서 수령 코드로 인쇄물을 받습니다. 수령 시간이 지난 인쇄물은 매장 운영 정책에 따라 일정 기간
        보관 후 폐기될 수 있습니다.
      </p>
      <h2>제9조 (업로드 문서의 관리)</h2>
      <p>
        업로드한 문서는 인쇄 목적으로만 쓰이며, 예약이 끝난 뒤 {site.policies.fileRetentionDays}일 안에 삭제됩니다.
      </p>
      <h2>제10조 (회사의 의무와 책임)</h2>
      <p>
        회사는 관련 법령과 이 약관을 지키며 안정적으로 서비스를 제공합니다. 천재지변, 정전, 통신 장애 등 회사의 책임이 없는
        사유로 생긴 손해에 대해서는 책임을 지지 않습니다. 다만 이 경우에도 인쇄되지 않은 예약은 전액 환불합니다.
      </p>
      <h2>제11조 (분쟁 해결)</h2>
      <p>
        서비스 이용과 관련한 분쟁은 회사 소재지 관할 법원을 관할 법원으로 하며, 이용자는 한국소비자원 또는 전자거래분쟁조정위원회에
        조정을 신청할 수 있습니다.
      </p>
    </Doc>
  );
}

export function Privacy() {
  const { site } = useSite();
  const c = site.company;
  const o = site.privacyOfficer;
  return (
    <Doc title="개인정보처리방침">
      <p>
        {c.name}(이하 "회사")는 「개인정보 보호법」에 따라 이용자의 개인정보를 보호하고 관련 고충을 신속하게 처리하기 위해 다음과
        같이 개인정보처리방침을 둡니다.
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
              <td>업로드 문서, 인쇄 옵션, 매장·수령 시간</td>
              <td>인쇄 서비스 제공</td>
            </tr>
            <tr>
              <th scope="row">결제(필수)</th>
              <td>결제 수단 종류, 승인 번호, 결제 금액 (카드 번호는 PG사가 처리하며 회사는 저장하지 않음)</td>
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
        <li>계약 또는 청약철회 등에 관한 기록, 대금결제 및 재화 등의 공급에 관한 기록: 5년 (전자상거래법)</li>
        <li>소비자의 불만 또는 분쟁처리에 관한 기록: 3년 (전자상거래법)</li>
        <li>접속 기록: 3개월 (통신비밀보호법)</li>
      </ul>
      <h2>3. 제3자 제공</h2>
      <p>회사는 이용자의 동의나 법령의 근거 없이 개인정보를 제3자에게 제공하지 않습니다.</p>
      <h2>4. 처리 위탁</h2>
      <ul>
        <li>결제 처리: 주식회사 코리아포트원(포트원), 결제대행사(PG)</li>
        <li>서비스 운영 인프라: {c.hostingProvider}</li>
      </ul>
      <h2>5. 파기 절차와 방법</h2>
      <p>보유 기간이 지난 개인정보는 지체 없이 파기합니다. 전자 파일은 복구할 수 없는 방법으로 삭제합니다.</p>
      <h2>6. 이용자의 권리</h2>
      <p>
        이용자는 언제든지 자신의 개인정보를 열람·정정·삭제하거나 처리 정지를 요구할 수 있으며, 아래 개인정보 보호책임자에게
        요청하면 지체 없이 조치합니다.
      </p>
      <h2>7. 안전성 확보 조치</h2>
      <p>비밀번호 암호화, 전송 구간 암호화(HTTPS), 접근 권한 관리와 접속 기록 보관 등 기술적·관리적 보호 조치를 합니다.</p>
      <h2>8. 개인정보 보호책임자</h2>
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
      <p>
        개인정보 침해에 대한 신고나 상담은 개인정보침해신고센터(국번 없이 118), 개인정보분쟁조정위원회(1833-6972)에 할 수
        있습니다.
      </p>
    </Doc>
  );
}

export function RefundPolicyPage() {
  const { site } = useSite();
  return (
    <Doc title="결제 및 환불 절차">
      <h2>결제 방법</h2>
      <ul>
        <li>신용·체크카드, 간편결제를 이용할 수 있습니다. 결제는 결제대행사(PG)를 통해 안전하게 처리됩니다.</li>
        <li>결제 전 화면에 인쇄 옵션별 금액과 최종 결제 금액이 표시됩니다. 금액은 모두 부가세를 포함한 원 단위입니다.</li>
        <li>예약 후 제한 시간 안에 결제해야 예약이 확정됩니다. 시간이 지나면 예약은 자동으로 취소되고 결제는 청구되지 않습니다.</li>
        <li>결제가 승인되면 예약이 확정되고 수령 코드가 발급됩니다.</li>
      </ul>
      <h2>취소 및 환불 규정</h2>
      <p>결제를 마친 예약은 인쇄물 수령 전까지 취소할 수 있으며, 취소 시점에 따라 아래 비율로 환불합니다.</p>
      <RefundTiers />
      <ul>
        <li>결제 전 예약은 언제든 수수료 없이 취소할 수 있습니다.</li>
        <li>매장 사정(장비 고장 등)으로 인쇄하지 못한 경우 취소 시점과 관계없이 전액을 환불합니다.</li>
        <li>인쇄물에 인쇄 불량이 있는 경우 매장 또는 고객센터에 알려 주시면 재인쇄 또는 전액 환불해 드립니다.</li>
      </ul>
      <h2>환불 절차</h2>
      <ol>
        <li>
          <Link to="/reservations">내 예약</Link>에서 예약을 열고 "예약 취소"를 누르면 환불 예정 금액이 표시됩니다.
        </li>
        <li>취소를 확정하면 결제대행사에 즉시 결제 취소를 요청합니다.</li>
        <li>
          카드 결제는 카드사 사정에 따라 취소 후 {site.policies.refundDays} 안에 승인 취소가 반영됩니다. 간편결제는 각 결제
          서비스의 정책을 따릅니다.
        </li>
        <li>환불이 완료되면 알림과 이메일로 알려 드립니다.</li>
      </ol>
      <p>
        문의: {site.company.phone} · {site.company.email}
      </p>
    </Doc>
  );
}

export function SupportPolicy() {
  const { site } = useSite();
  const c = site.company;
  return (
    <Doc title="고객지원 정책">
      <h2>문의 방법</h2>
      <ul>
        <li>
          전화: <a href={`tel:${c.phone.replace(/[^0-9+]/g, "")}`}>{c.phone}</a>
        </li>
        <li>
          이메일: <a href={`mailto:${c.email}`}>{c.email}</a>
        </li>
        {site.support.kakaoChannel && <li>카카오톡 채널: {site.support.kakaoChannel}</li>}
      </ul>
      <h2>운영 시간</h2>
      <p>{site.support.hours}</p>
      <h2>응답 기준</h2>
      <ul>
        <li>이메일 문의는 접수 후 {site.support.responseDays}영업일 안에 답변합니다.</li>
        <li>결제·환불 관련 문의는 우선 처리하며, 처리 결과를 알림과 이메일로 알려 드립니다.</li>
        <li>매장에서 인쇄물을 받지 못한 경우 예약 번호와 함께 연락 주시면 재인쇄 또는 환불로 도와 드립니다.</li>
      </ul>
      <h2>불만 처리와 분쟁 조정</h2>
      <p>
        이용자의 불만은 접수 즉시 처리하며, 처리가 늦어지는 경우 그 사유와 일정을 알려 드립니다. 회사와 합의가 되지 않는 경우
        한국소비자원(국번 없이 1372) 또는 전자거래분쟁조정위원회에 조정을 신청할 수 있습니다.
      </p>
    </Doc>
  );
}

export function BusinessInfo() {
  const { site } = useSite();
  const c = site.company;
  const rows: [string, string][] = [
    ["상호", c.name],
    ["대표자", c.representative],
    ["사업자등록번호", c.businessNumber],
    ["통신판매업 신고번호", c.mailOrderNumber],
    ["주소", c.address],
    ["전화", c.phone],
    ["이메일", c.email],
    ["개인정보 보호책임자", site.privacyOfficer.name],
    ["호스팅 서비스", c.hostingProvider],
  ];
  return (
    <Doc title="사업자 정보">
      <dl className="kv" data-testid="business-page">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p>
        사업자 정보는 공정거래위원회{" "}
        <a href="https://www.ftc.go.kr/www/bizCommList.do?key=232" rel="noopener noreferrer" target="_blank">
          사업자정보 공개 페이지
        </a>
        에서 확인할 수 있습니다.
      </p>
    </Doc>
  );
}

export function Ecommerce() {
  const { site } = useSite();
  const c = site.company;
  return (
    <Doc title="전자상거래법 준수 안내">
      <p>
        {c.name}는 「전자상거래 등에서의 소비자보호에 관한 법률」(전자상거래법)을 지킵니다.
      </p>
      <h2>사업자 정보의 표시 (제10조)</h2>
      <p>
        상호, 대표자, 주소, 전화번호, 이메일, 사업자등록번호, 통신판매업 신고번호를 모든 화면 아래와{" "}
        <Link to="/policies/business">사업자 정보</Link>에 표시합니다.
      </p>
      <h2>거래 조건의 고지 (제13조)</h2>
      <p>
        인쇄 요금표를 결제 전에 공개하고, 주문마다 옵션별 금액과 최종 결제 금액을 결제 전에 보여 드립니다. 결제·취소·환불 조건은{" "}
        <Link to="/policies/refund">결제 및 환불 절차</Link>에 게시합니다.
      </p>
      <h2>청약철회 (제17조)</h2>
      <p>
        이용자는 인쇄 시작 전까지 예약을 취소할 수 있습니다. 이용자의 주문에 따라 개별 제작되는 인쇄물은 제17조 제2항 제4호에
        따라 인쇄가 시작된 뒤에는 청약철회가 제한될 수 있으며, 이 경우에도 회사는 게시된 환불 규정에 따라 환불합니다. 인쇄물이
        주문 내용과 다르거나 불량인 경우에는 수령일부터 3개월 이내, 그 사실을 안 날부터 30일 이내에 청약철회를 할 수 있습니다.
      </p>
      <h2>환급 (제18조)</h2>
      <p>
        취소가 확정되면 3영업일 안에 결제대행사에 결제 취소를 요청하며, 카드사 반영까지는 {site.policies.refundDays}이 걸릴 수
        있습니다.
      </p>
      <h2>거래 기록의 보존 (제6조)</h2>
      <p>계약·청약철회·대금결제·재화 공급에 관한 기록은 5년, 소비자 불만과 분쟁 처리 기록은 3년 보존합니다.</p>
      <h2>결제 안전</h2>
      <p>결제는 전자금융업자로 등록된 결제대행사를 통해 이루어지며, 회사는 카드 번호 등 결제 수단 정보를 저장하지 않습니다.</p>
      <h2>소비자 피해 보상과 분쟁 처리</h2>
      <p>
        불만과 분쟁은 <Link to="/policies/support">고객지원 정책</Link>에 따라 처리하며, 한국소비자원(1372) 또는
        전자거래분쟁조정위원회에 조정을 신청할 수 있습니다.
      </p>
    </Doc>
  );
}
