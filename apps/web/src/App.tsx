import { QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { BrowserRouter, Link, Route, Routes } from "react-router";
import { getSession, onSessionChange } from "./api/client";
import { createQueryClient } from "./api/queries";
import { AuthProvider } from "./auth/AuthContext";
import { Layout, RequireAuth } from "./components/Layout";
import { LiveProvider } from "./live/LiveContext";
import { Login, Signup } from "./pages/Auth";
import { Home } from "./pages/Home";
import { MyReservations } from "./pages/MyReservations";
import { Notifications } from "./pages/Notifications";
import { NotificationSettings } from "./pages/NotificationSettings";
import { Order } from "./pages/Order";
import { PaymentReturn } from "./pages/PaymentReturn";
import { BusinessInfo, Ecommerce, Privacy, RefundPolicyPage, SupportPolicy, Terms } from "./pages/policies/Policies";
import { ReservationDetail } from "./pages/ReservationDetail";
import { StaffQueue } from "./pages/staff/StaffQueue";
import type { SiteConfig } from "./site/config";
import { SiteProvider } from "./site/SiteContext";

function NotFound() {
  return (
    <section>
      <h1 tabIndex={-1}>페이지를 찾을 수 없습니다</h1>
      <p>
        <Link to="/">처음으로 돌아가기</Link>
      </p>
    </section>
  );
}

export function App({ site }: { site: SiteConfig }) {
  const [queryClient] = useState(createQueryClient);
  // another account (or none): nothing of the previous one stays in memory
  useEffect(() => {
    let userId = getSession()?.user.id ?? null;
    return onSessionChange((s) => {
      const next = s?.user.id ?? null;
      if (next !== userId) queryClient.removeQueries({ predicate: (q) => q.queryKey[0] === "user" || q.queryKey[0] === "store" });
      userId = next;
    });
  }, [queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SiteProvider site={site}>
          <AuthProvider>
            <LiveProvider>
              <Routes>
                <Route element={<Layout />}>
                  <Route index element={<Home />} />
                  <Route path="login" element={<Login />} />
                  <Route path="signup" element={<Signup />} />
                  <Route
                    path="order"
                    element={
                      <RequireAuth role="customer">
                        <Order />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="reservations"
                    element={
                      <RequireAuth role="customer">
                        <MyReservations />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="reservations/:id"
                    element={
                      <RequireAuth role="customer">
                        <ReservationDetail />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="payments/return"
                    element={
                      <RequireAuth role="customer">
                        <PaymentReturn />
                      </RequireAuth>
                    }
                  />
                  {/* the payment service's redirectUrl; same page, same query (paymentId, code, message) */}
                  <Route
                    path="reservations/:id/payment-complete"
                    element={
                      <RequireAuth role="customer">
                        <PaymentReturn />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="notifications"
                    element={
                      <RequireAuth role="customer">
                        <Notifications />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="notifications/settings"
                    element={
                      <RequireAuth role="customer">
                        <NotificationSettings />
                      </RequireAuth>
                    }
                  />
                  <Route
                    path="staff"
                    element={
                      <RequireAuth role="staff">
                        <StaffQueue />
                      </RequireAuth>
                    }
                  />
                  <Route path="policies/terms" element={<Terms />} />
                  <Route path="policies/privacy" element={<Privacy />} />
                  <Route path="policies/refund" element={<RefundPolicyPage />} />
                  <Route path="policies/support" element={<SupportPolicy />} />
                  <Route path="policies/business" element={<BusinessInfo />} />
                  <Route path="policies/ecommerce" element={<Ecommerce />} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </LiveProvider>
          </AuthProvider>
        </SiteProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
