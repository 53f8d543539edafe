export declare const SECURITY_HEADERS: { key: string; value: string }[];
export declare const NO_FRAMING_HEADERS: { key: string; value: string }[];
