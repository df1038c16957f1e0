export declare const QUIET_PREFS: Record<string, boolean>;
