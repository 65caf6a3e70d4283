import { LEGALLY_REQUIRED } from "./messages";

export interface Preferences {
  emailEnabled: boolean;
  /** e-mailed whatever `emailEnabled` says */
  alwaysEmailed: string[];
}

export const preferencesOf = (emailEnabled: boolean): Preferences => ({ emailEnabled, alwaysEmailed: [...LEGALLY_REQUIRED] });
