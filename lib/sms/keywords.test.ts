import { describe, expect, it } from "vitest";
import { classifyInboundText, keywordForm } from "./keywords";

describe("keywordForm", () => {
  it("ignores case, spaces, punctuation and accents", () => {
    expect(keywordForm("  Stop. ")).toBe("STOP");
    expect(keywordForm("s t o p")).toBe("STOP");
    expect(keywordForm("Arrêt")).toBe("ARRET");
    expect(keywordForm("sí")).toBe("SI");
    expect(keywordForm("opt-out")).toBe("OPTOUT");
  });
});

describe("classifyInboundText", () => {
  it.each([
    "STOP",
    "stop",
    " Stop! ",
    "STOPALL",
    "unsubscribe",
    "Cancel",
    "END",
    "quit",
    "REVOKE",
    "opt out",
    "OPTOUT",
    "STOPP",
    "ARRET",
    "arrêt",
    "ALTO",
    "parar",
    "NIE",
  ])("%j is an opt-out keyword", (body) => {
    expect(classifyInboundText(body)).toEqual({
      kind: "OPT_OUT",
      keyword: expect.any(String) as string,
      freeText: false,
    });
  });

  it.each([
    "please stop texting me",
    "Unsubscribe please",
    "remove me from this list",
    "don't text me again",
    "Do not message me",
    "no more texts thanks",
    "Wrong number",
    "keine SMS mehr bitte",
    "je veux me désabonner",
    "plus de sms svp",
    "quiero darme de baja",
    "no me envien mas",
    "proszę wypisz mnie",
    "nie wysyłaj więcej",
  ])("%j is a free-text revocation", (body) => {
    expect(classifyInboundText(body)).toEqual({
      kind: "OPT_OUT",
      keyword: "FREE_TEXT",
      freeText: true,
    });
  });

  it.each(["START", "start", "Unstop"])("%j opts in again", (body) => {
    expect(classifyInboundText(body).kind).toBe("OPT_IN");
  });

  it.each([
    "YES",
    "yes",
    "Y",
    "y.",
    "Yes!",
    "JA",
    "oui",
    "Sí",
    "si",
    "TAK",
    "yes please",
    "Yes, sign me up",
  ])("%j confirms", (body) => {
    expect(classifyInboundText(body).kind).toBe("CONFIRM");
  });

  it.each(["HELP", "help?", "INFO", "Hilfe", "aide", "AYUDA", "pomoc"])(
    "%j asks for help",
    (body) => {
      expect(classifyInboundText(body).kind).toBe("HELP");
    },
  );

  it("lets a revocation win over a confirmation word", () => {
    expect(classifyInboundText("yes stop").kind).toBe("OPT_OUT");
    expect(classifyInboundText("Yes. Actually no, unsubscribe me").kind).toBe("OPT_OUT");
  });

  it.each([
    "hello",
    "what is this?",
    "Yesterday was great",
    "STOPWATCH",
    "the weekend",
    "y is this happening",
  ])("%j matches nothing", (body) => {
    expect(classifyInboundText(body)).toEqual({ kind: "OTHER" });
  });
});
