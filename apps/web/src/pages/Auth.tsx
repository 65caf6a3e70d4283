import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError, errorMessage } from "../api/errors";
import { useAuth } from "../auth/AuthContext";
import { ErrorAlert, Field } from "../components/ui";

function safeNext(next: string | null, fallback: string): string {
  // only same-site paths: never an open redirect
  return next && next.startsWith("/") && !next.startsWith("//") ? next : fallback;
}

export function Login() {
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const user = await login(String(form.get("email")), String(form.get("password")));
      navigate(safeNext(params.get("next"), user.role === "staff" ? "/staff" : "/"), { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="login-title" className="narrow">
      <h1 id="login-title" tabIndex={-1}>
        로그인
      </h1>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate={false}>
        <ErrorAlert error={error} />
        <Field label="이메일" name="email" type="email" autoComplete="email" required inputMode="email" />
        <Field label="비밀번호" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className="button primary block" disabled={busy}>
          {busy ? "로그인하는 중…" : "로그인"}
        </button>
        <p className="hint">
          계정이 없으신가요?{" "}
          <Link to={`/signup${params.get("next") ? `?next=${encodeURIComponent(params.get("next")!)}` : ""}`}>회원가입</Link>
        </p>
      </form>
    </section>
  );
}

const PHONE = /^01[016789]-?\d{3,4}-?\d{4}$/;
// the PG (Smartro) refuses longer buyer names and e-mails; the gateway enforces the same limits
const NAME_MAX = 30;
const EMAIL_MAX = 60;
const FIELD_OF_CODE: Record<string, string> = { NAME_TOO_LONG: "name", EMAIL_TOO_LONG: "email" };

export function Signup() {
  const { signup } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const input = {
      email: String(f.get("email") ?? "").trim(),
      password: String(f.get("password") ?? ""),
      name: String(f.get("name") ?? "").trim(),
      phone: String(f.get("phone") ?? "").trim(),
    };
    const errs: Record<string, string> = {};
    if (!input.name) errs.name = "이름을 입력해 주세요.";
    else if (input.name.length > NAME_MAX) errs.name = errorMessage(new ApiError(400, { code: "NAME_TOO_LONG" }));
    if (!/^\S+@\S+\.\S+$/.test(input.email)) errs.email = "이메일 주소를 확인해 주세요.";
    else if (input.email.length > EMAIL_MAX) errs.email = errorMessage(new ApiError(400, { code: "EMAIL_TOO_LONG" }));
    if (input.password.length < 8) errs.password = "비밀번호는 8자 이상이어야 합니다.";
    if (!PHONE.test(input.phone)) errs.phone = "휴대폰 번호를 010-1234-5678 형식으로 입력해 주세요.";
    if (!f.get("agree")) errs.agree = "이용약관과 개인정보 수집·이용에 동의해 주세요.";
    setFieldErrors(errs);
    if (Object.keys(errs).length) {
      const firstInvalid = e.currentTarget.querySelector<HTMLElement>(`[name="${Object.keys(errs)[0]}"]`);
      firstInvalid?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signup(input);
      navigate(safeNext(params.get("next"), "/"), { replace: true });
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.status === 409) setFieldErrors({ email: "이미 가입된 이메일입니다." });
      const field = err instanceof ApiError ? FIELD_OF_CODE[err.code] : undefined;
      if (field) setFieldErrors({ [field]: errorMessage(err) });
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="signup-title" className="narrow">
      <h1 id="signup-title" tabIndex={-1}>
        회원가입
      </h1>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <ErrorAlert error={error} />
        <Field label="이름" name="name" autoComplete="name" required hint={`${NAME_MAX}자 이내`} error={fieldErrors.name} />
        <Field
          label="이메일"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          hint={`${EMAIL_MAX}자 이내`}
          error={fieldErrors.email}
        />
        <Field
          label="비밀번호"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="8자 이상"
          error={fieldErrors.password}
        />
        <Field
          label="휴대폰 번호"
          name="phone"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          required
          placeholder="010-1234-5678"
          hint="예약 확정과 수령 안내에만 씁니다."
          error={fieldErrors.phone}
        />
        <div className="field">
          <label className="checkbox">
            <input
              type="checkbox"
              name="agree"
              required
              aria-invalid={fieldErrors.agree ? true : undefined}
              aria-describedby={fieldErrors.agree ? "agree-err" : undefined}
            />
            <span>
              <Link to="/policies/terms">이용약관</Link>과 <Link to="/policies/privacy">개인정보처리방침</Link>의 수집·이용에 동의합니다
              (필수)
            </span>
          </label>
          {fieldErrors.agree && (
            <p id="agree-err" className="field-error">
              {fieldErrors.agree}
            </p>
          )}
        </div>
        <button type="submit" className="button primary block" disabled={busy}>
          {busy ? "가입하는 중…" : "가입하기"}
        </button>
        <p className="hint">
          이미 계정이 있으신가요? <Link to="/login">로그인</Link>
        </p>
      </form>
    </section>
  );
}
