/** A PortOne channel as the sandbox knows it (configuration, not code). */
export interface Channel {
  key: string;
  id: string;
  name: string;
  type: "TEST" | "LIVE";
  pgProvider: "SMARTRO_V2" | "TOSSPAYMENTS";
  pgMerchantId: string;
  /** browser-SDK payMethods this channel accepts */
  payMethods: PayMethod[];
  /** easy-pay providers routable through this channel */
  easyPayProviders: EasyPayProvider[];
}

export const PAY_METHODS = ["CARD", "EASY_PAY"] as const;
export type PayMethod = (typeof PAY_METHODS)[number];

/** Providers offered on the checkout page; all are members of the schema's EasyPayProvider enum. */
export const EASY_PAY_PROVIDERS = ["KAKAOPAY", "NAVERPAY", "TOSSPAY", "PAYCO", "SAMSUNGPAY"] as const;
export type EasyPayProvider = (typeof EASY_PAY_PROVIDERS)[number];

export const EASY_PAY_LABELS: Record<EasyPayProvider, string> = {
  KAKAOPAY: "카카오페이",
  NAVERPAY: "네이버페이",
  TOSSPAY: "토스페이",
  PAYCO: "페이코",
  SAMSUNGPAY: "삼성페이",
};

export interface ChannelConfig {
  mode: "test" | "live";
  cardKey: string;
  easyPayKey: string;
  tossKey: string;
}

/**
 * The three channels the platform uses: Smartro V2 card, Smartro V2 easy-pay, Toss Payments.
 * PortOne's Smartro test MIDs look like `t…m`; the ids here are stable fakes of the same shape.
 */
export function buildChannels(cfg: ChannelConfig): Channel[] {
  const type = cfg.mode === "live" ? "LIVE" : "TEST";
  const suffix = type === "TEST" ? " (테스트)" : "";
  return [
    {
      key: cfg.cardKey,
      id: "channel-id-smartro-card",
      name: `스마트로 카드${suffix}`,
      type,
      pgProvider: "SMARTRO_V2",
      pgMerchantId: type === "TEST" ? "t_smartro_card" : "smartro_card",
      payMethods: ["CARD"],
      easyPayProviders: [],
    },
    {
      key: cfg.easyPayKey,
      id: "channel-id-smartro-easypay",
      name: `스마트로 간편결제${suffix}`,
      type,
      pgProvider: "SMARTRO_V2",
      pgMerchantId: type === "TEST" ? "t_smartro_easypay" : "smartro_easypay",
      payMethods: ["EASY_PAY"],
      easyPayProviders: ["KAKAOPAY", "NAVERPAY", "TOSSPAY", "PAYCO", "SAMSUNGPAY"],
    },
    {
      key: cfg.tossKey,
      id: "channel-id-toss",
      name: `토스페이먼츠${suffix}`,
      type,
      pgProvider: "TOSSPAYMENTS",
      pgMerchantId: type === "TEST" ? "tosspayments_test" : "tosspayments",
      payMethods: ["CARD", "EASY_PAY"],
      easyPayProviders: ["KAKAOPAY", "NAVERPAY", "TOSSPAY", "PAYCO", "SAMSUNGPAY"],
    },
  ];
}

export function channelForPayMethod(channels: Channel[], payMethod: PayMethod): Channel {
  // the first channel configured for a method is its default (card → Smartro card, easy-pay → Smartro easy-pay)
  const ch = channels.find((c) => c.payMethods.includes(payMethod));
  if (!ch) throw new Error(`no channel for ${payMethod}`);
  return ch;
}
