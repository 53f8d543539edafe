import { describe, expect, it } from "vitest";
import { captureLogger } from "@/tests/support/capture-logs";

describe("createLogger (JSON)", () => {
  it("writes one JSON object per line with level name, ISO time, pid and the fields given", () => {
    const { logger, lines } = captureLogger();
    logger.info({ event: "sms.sent", messageId: "ck1", attempt: 1 }, "sms sent");
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      level: "info",
      event: "sms.sent",
      messageId: "ck1",
      attempt: 1,
      msg: "sms sent",
      pid: process.pid,
    });
    expect(new Date(String(line!.time)).toISOString()).toBe(line!.time);
  });

  it("respects the level", () => {
    const { logger, lines } = captureLogger("warn");
    logger.info("not written");
    logger.debug("not written");
    logger.warn("written");
    expect(lines.map((line) => line.msg)).toEqual(["written"]);
  });

  it("masks phone numbers in fields, one level down, in messages and in errors", () => {
    const { logger, text, lines } = captureLogger();
    logger.info({ phone: "+12015550123", message: { to: "+12015550123", from: "+15005550006" } });
    logger.warn("sending to +12015550123 failed");
    logger.error(
      { err: new Error("The 'To' number +12015550123 is not a valid phone number.") },
      "send failed",
    );
    expect(text()).not.toContain("2015550123");
    expect(lines[0]).toMatchObject({
      phone: "+*******0123",
      message: { to: "+*******0123", from: "+*******0006" },
    });
    expect(lines[1]!.msg).toBe("sending to +*******0123 failed");
    const err = lines[2]!.err as { message: string; stack: string; type: string };
    expect(err.type).toBe("Error");
    expect(err.message).toBe("The 'To' number +*******0123 is not a valid phone number.");
    expect(err.stack).toContain("+*******0123");
  });

  it("never writes a code, SMS body, token, password, key or cookie", () => {
    const { logger, text, lines } = captureLogger();
    logger.info({
      code: "123456",
      body: "Acme: your code is 123 456",
      token: "tok_live_abcdef",
      password: "correct horse",
      apiKey: "optl_abcdef",
      params: { Body: "YES 123456", code: "654321" },
      input: { code: "111 222" },
      headers: { authorization: "Bearer s3cret", cookie: "session=abc" },
    });
    const output = text();
    for (const secret of [
      "123456",
      "123 456",
      "tok_live",
      "correct horse",
      "optl_",
      "s3cret",
      "session=abc",
      "654321",
      "111 222",
    ]) {
      expect(output).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({ code: "[redacted]", params: { Body: "[redacted]" } });
  });

  it("keeps an error's own code (SQLSTATE, provider code)", () => {
    const { logger, lines } = captureLogger();
    const error = Object.assign(new Error("duplicate key"), { code: "23505" });
    logger.error({ err: error }, "failed");
    expect(lines[0]!.err).toMatchObject({ code: "23505", message: "duplicate key" });
  });
});
