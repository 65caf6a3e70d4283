import { useEffect, useRef } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { useLive } from "../live/LiveContext";
import { useSite } from "../site/SiteContext";
import { Footer } from "./Footer";

function SandboxBanner() {
  const { payments } = useSite();
  // only when the payment service says so: live mode shows no test wording anywhere
  if (payments?.mode === "sandbox") {
    return (
      <div className="sandbox-banner" role="note" data-testid="sandbox-banner">
        테스트 환경입니다. 실제 결제가 이루어지지 않습니다.
      </div>
    );
  }
  // PortOne's TEST channels: the real payment window; a test-channel card payment is really
  // charged (Smartro) and cancelled by the PG the same day, so the banner says exactly that
  if (payments?.mode === "test") {
    return (
      <div className="sandbox-banner" role="note" data-testid="test-payment-banner">
        테스트 결제 — 포트원 테스트 채널로 결제되며, 결제 후 당일 자동 취소됩니다.
      </div>
    );
  }
  return null;
}

export function Layout() {
  const { site } = useSite();
  const { user, logout } = useAuth();
  const { unread } = useLive();
  const navigate = useNavigate();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // on client-side navigation move focus to the new page's content, as a full page load would
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    const h1 = mainRef.current?.querySelector("h1");
    (h1 ?? mainRef.current)?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        본문으로 건너뛰기
      </a>
      <SandboxBanner />
      <header className="site-header">
        <Link to="/" className="brand">
          {site.serviceName}
        </Link>
        <nav aria-label="주요 메뉴">
          <ul className="nav">
            <li>
              <NavLink to="/" end>
                예약하기
              </NavLink>
            </li>
            {user?.role === "customer" && (
              <>
                <li>
                  <NavLink to="/reservations">내 예약</NavLink>
                </li>
                <li>
                  <NavLink to="/notifications" aria-label={unread ? `알림, 읽지 않은 알림 ${unread}개` : "알림"}>
                    알림
                    {unread > 0 && (
                      <span className="count" aria-hidden="true">
                        {unread}
                      </span>
                    )}
                  </NavLink>
                </li>
              </>
            )}
            {user?.role === "staff" && (
              <li>
                <NavLink to="/staff">매장 관리</NavLink>
              </li>
            )}
            {user ? (
              <li>
                <button type="button" className="link-button" onClick={() => void logout().then(() => navigate("/"))}>
                  로그아웃
                </button>
              </li>
            ) : (
              <>
                <li>
                  <NavLink to="/login">로그인</NavLink>
                </li>
                <li>
                  <NavLink to="/signup">회원가입</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Outlet />
      </main>
      <Footer />
    </>
  );
}

/** Shows the page for signed-in users of the role, else a sign-in prompt that returns here. */
export function RequireAuth({ role, children }: { role?: "customer" | "staff"; children: React.ReactNode }) {
  const { user, ready } = useAuth();
  const location = useLocation();
  if (!ready)
    return (
      <p className="loading" role="status">
        로그인 정보를 확인하는 중…
      </p>
    );
  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return (
      <section className="card">
        <h1 tabIndex={-1}>로그인이 필요합니다</h1>
        <p>이 화면은 로그인한 뒤 이용할 수 있습니다.</p>
        <p className="actions">
          <Link className="button" to={`/login?next=${next}`}>
            로그인
          </Link>
          <Link className="button secondary" to={`/signup?next=${next}`}>
            회원가입
          </Link>
        </p>
      </section>
    );
  }
  if (role && user.role !== role) {
    return (
      <section className="card">
        <h1 tabIndex={-1}>이용할 수 없는 화면입니다</h1>
        <p>{role === "staff" ? "매장 스태프 계정으로 로그인해 주세요." : "고객 계정으로 로그인해 주세요."}</p>
      </section>
    );
  }
  return <>{children}</>;
}
