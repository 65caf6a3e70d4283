import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { notifications } from "../api/endpoints";
import { keys, queries } from "../api/queries";
import type { NotificationPreferences } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { ErrorAlert, Spinner, Status } from "../components/ui";

/** Korean names of the messages the notification service e-mails (apps/notification/README.md). */
const MESSAGE_LABEL: Record<string, string> = {
  "reservation.confirmed": "예약 확정 안내 (결제 금액, 매장, 수령 시간)",
  "payment.failed": "결제 실패 안내",
  "refund.completed": "환불 완료 안내",
  "reservation.ready": "인쇄 완료 · 수령 가능 안내",
  "reservation.expired": "결제 기한 만료 안내",
  "reservation.picked-up": "수령 완료 안내",
};
const OPTIONAL = ["reservation.ready", "reservation.expired", "reservation.picked-up"];

/** E-mail preferences (decision 0043): optional messages can be turned off; payment and refund records cannot. */
export function NotificationSettings() {
  const { user } = useAuth();
  const client = useQueryClient();
  const prefsQuery = useQuery(queries.preferences(user!.id));
  const prefs = prefsQuery.data ?? null;
  const loadError = prefsQuery.error;
  // the radio's choice until saved; the stored preference before the customer picks
  const [picked, setPicked] = useState<"all" | "required" | null>(null);
  const choice = picked ?? (prefs?.emailEnabled === false ? "required" : "all");
  const setChoice = setPicked;
  const [saved, setSaved] = useState("");

  const saveMutation = useMutation({
    mutationFn: (emailEnabled: boolean) => notifications.setPreferences(emailEnabled),
    onMutate: () => setSaved(""),
    onSuccess: (p: NotificationPreferences) => {
      client.setQueryData(keys.preferences(user!.id), p);
      setPicked(null);
      setSaved(
        p.emailEnabled
          ? "저장했습니다. 모든 알림을 이메일로 보내 드립니다."
          : "저장했습니다. 이제 결제·환불 관련 안내만 이메일로 보내 드립니다.",
      );
    },
  });
  const save = () => saveMutation.mutate(choice === "all");
  const saveError = saveMutation.error;
  const busy = saveMutation.isPending;

  const always = prefs?.alwaysEmailed ?? [];
  const optional = OPTIONAL.filter((t) => !always.includes(t));

  return (
    <section aria-labelledby="settings-title" className="narrow">
      <h1 id="settings-title" tabIndex={-1}>
        이메일 알림 설정
      </h1>
      <p className="lead">알림함에는 설정과 관계없이 모든 알림이 표시됩니다. 이 설정은 이메일에만 적용됩니다.</p>
      {loadError ? <ErrorAlert error={loadError} /> : null}
      {!prefs && !loadError && <Spinner label="설정을 불러오는 중" />}
      {prefs && (
        <form
          className="card settings-form"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <fieldset>
            <legend>이메일로 받을 알림</legend>
            <div className="option">
              <label className="checkbox">
                <input
                  type="radio"
                  name="email"
                  value="all"
                  checked={choice === "all"}
                  onChange={() => setChoice("all")}
                  aria-describedby="email-all-hint"
                />
                모든 알림 받기
              </label>
              <p id="email-all-hint" className="hint option-hint">
                결제·환불 안내와 함께 {optional.map((t) => MESSAGE_LABEL[t]).join(", ")}도 이메일로 받습니다.
              </p>
            </div>
            <div className="option">
              <label className="checkbox">
                <input
                  type="radio"
                  name="email"
                  value="required"
                  checked={choice === "required"}
                  onChange={() => setChoice("required")}
                  aria-describedby="email-required-hint"
                />
                꼭 필요한 안내만 받기
              </label>
              <p id="email-required-hint" className="hint option-hint">
                아래의 결제·환불 안내만 이메일로 받습니다.
              </p>
            </div>
          </fieldset>
          <section aria-labelledby="always-title" className="notice notice-info" data-testid="always-emailed">
            <h2 id="always-title">항상 이메일로 보내 드리는 안내</h2>
            <p>다음 안내는 결제와 환불의 기록이므로 전자상거래 관련 법령에 따라 설정과 관계없이 항상 이메일로 보내 드립니다.</p>
            <ul className="message-list">
              {always.map((t) => (
                <li key={t}>{MESSAGE_LABEL[t] ?? "결제·환불 관련 안내"}</li>
              ))}
            </ul>
          </section>
          <ErrorAlert error={saveError} />
          {saved && <Status tone="success">{saved}</Status>}
          <button type="submit" className="button primary block" disabled={busy}>
            {busy ? "저장하는 중…" : "저장"}
          </button>
        </form>
      )}
      <p>
        <Link to="/notifications">알림함으로 돌아가기</Link>
      </p>
    </section>
  );
}
