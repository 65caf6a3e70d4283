import { randomBytes } from "node:crypto";
import { looksLikePlaceholderSecret } from "../src/config";

describe("looksLikePlaceholderSecret", () => {
  test.each([
    "change-me-please",
    "change-me-change-me-change-me-change-me",
    "your-api-secret-here",
    "sandbox-api-secret-3fa2b9c01d4e5f60",
    "todo-generate-a-real-secret-before-launch",
    "ExampleSecretForTheDocsExampleSecret",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "0123456789abcdef0123456789abcdef",
    "secret",
    `whsec_${Buffer.alloc(24, 7).toString("base64")}`,
  ])("when the value is %s, then it is a placeholder", (v) => {
    expect(looksLikePlaceholderSecret(v)).toBe(true);
  });

  test.each([
    // generated secrets that happen to hold a placeholder word inside a random run
    "q7ZrToDo9vKd2LmX8pWn4YbTc6HsJf1Ag3Ne5Ru0",
    "Fh2kXXXXm9Qp4Lr7Vt1Zb8Nc3Wd6Ys0Ga5Je2Ku7Ho",
    "bT4uSaMpLe8Yq2Wk7Rn1Xc9Vm3Hd6Jf0Gz5Lp2Ns8Q",
    "whsec_q7ZrToDo9vKd2LmX8pWn4YbTc6HsJf1Ag3Ne5Ru0",
    randomBytes(36).toString("base64url"),
  ])("when the value is a generated secret (%s), then it is accepted", (v) => {
    expect(looksLikePlaceholderSecret(v)).toBe(false);
  });
});
