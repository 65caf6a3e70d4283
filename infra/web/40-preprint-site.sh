#!/bin/sh
# apps/web/Dockerfile (nginx): writes /tmp/site.json from SITE_* at every start, as the gateway
# image does with apps/web/server/write-site-config.mjs (this image has no Node). In the test and
# live payment stages (PORTONE_MODE) it refuses to start without every 전자상거래법 §10 item or with
# a sample value, naming the variable. REQUIRED mirrors REQUIRED_FOR_PAYMENTS in
# apps/web/server/site-config.mjs (infra/test/merchant-config.test.ts keeps them equal).
set -eu

REQUIRED="SITE_COMPANY_NAME SITE_REPRESENTATIVE SITE_BUSINESS_NUMBER SITE_MAIL_ORDER_NUMBER SITE_ADDRESS SITE_PHONE SITE_EMAIL SITE_HOSTING_PROVIDER SITE_PRIVACY_OFFICER_NAME"
SAMPLE='example|0000|123-45-67890|김대표|김개인|홍길동|todo|change ?me|xxx|샘플|예시|^<.*>$'

val() { eval "printf '%s' \"\${$1:-}\""; }

mode="${PORTONE_MODE:-sandbox}"
if [ "$mode" = "test" ] || [ "$mode" = "live" ]; then
  bad=0
  for name in $REQUIRED; do
    v="$(val "$name")"
    if [ -z "$v" ]; then
      echo "site config: $name: required in $mode (전자상거래법 §10)" >&2; bad=1
    elif printf '%s' "$v" | grep -Eiq "$SAMPLE"; then
      echo "site config: $name: \"$v\" is a sample value" >&2; bad=1
    fi
  done
  if ! printf '%s' "$(val SITE_BUSINESS_NUMBER)" | grep -Eq '^[0-9]{3}-?[0-9]{2}-?[0-9]{5}$'; then
    echo "site config: SITE_BUSINESS_NUMBER: expected 000-00-00000" >&2; bad=1
  fi
  [ "$bad" -eq 0 ] || exit 1
fi

# JSON string: backslashes and double quotes escaped; an empty value keeps the app's default
s() { printf '"%s"' "$(val "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"; }
cat > /tmp/site.json <<JSON
{
  "serviceName": $(s SITE_SERVICE_NAME),
  "company": {
    "name": $(s SITE_COMPANY_NAME), "representative": $(s SITE_REPRESENTATIVE),
    "businessNumber": $(s SITE_BUSINESS_NUMBER), "mailOrderNumber": $(s SITE_MAIL_ORDER_NUMBER),
    "address": $(s SITE_ADDRESS), "phone": $(s SITE_PHONE), "email": $(s SITE_EMAIL),
    "hostingProvider": $(s SITE_HOSTING_PROVIDER)
  },
  "privacyOfficer": {
    "name": $(s SITE_PRIVACY_OFFICER_NAME), "title": $(s SITE_PRIVACY_OFFICER_TITLE),
    "phone": $(s SITE_PRIVACY_OFFICER_PHONE), "email": $(s SITE_PRIVACY_OFFICER_EMAIL)
  },
  "support": { "hours": $(s SITE_SUPPORT_HOURS), "kakaoChannel": $(s SITE_SUPPORT_KAKAO_CHANNEL) },
  "policies": { "effectiveDate": $(s SITE_POLICY_EFFECTIVE_DATE), "refundDays": $(s SITE_REFUND_DAYS) }
}
JSON
echo "site config: wrote /tmp/site.json (PORTONE_MODE=$mode)"
