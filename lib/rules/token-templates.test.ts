import { describe, expect, it } from "vitest";
import { SCOPES } from "@/lib/permissions";
import {
  isTokenTemplateId,
  suggestedLifetimeDays,
  TOKEN_TEMPLATE_IDS,
  TOKEN_TEMPLATES,
  tokenTemplateLabel,
} from "./token-templates";

describe("token templates", () => {
  it("each hold known scopes, a lifetime and an allowlist hint", () => {
    for (const id of TOKEN_TEMPLATE_IDS) {
      const template = TOKEN_TEMPLATES[id];
      expect(template.id).toBe(id);
      expect(template.scopes.length).toBeGreaterThan(0);
      for (const scope of template.scopes) expect(SCOPES).toContain(scope);
      expect(template.suggestedDays).toBeGreaterThan(0);
      expect(template.allowlistHint).not.toBe("");
    }
  });

  it("suggest a lifetime within the organization's policy", () => {
    const monitoring = TOKEN_TEMPLATES.monitoring;
    expect(suggestedLifetimeDays(monitoring, null)).toBe(365);
    expect(suggestedLifetimeDays(monitoring, 90)).toBe(90);
    expect(suggestedLifetimeDays(TOKEN_TEMPLATES["token-admin"], 90)).toBe(30);
  });

  it("name only the ids they know", () => {
    expect(isTokenTemplateId("ci-deploy")).toBe(true);
    expect(isTokenTemplateId("CI deploy")).toBe(false);
    expect(tokenTemplateLabel("log-export")).toBe("Log export");
    expect(tokenTemplateLabel(null)).toBeNull();
    expect(tokenTemplateLabel("retired-template")).toBeNull();
  });
});
