import "server-only";
import type { StoredTokenForAuth } from "@/lib/api/bearer";
import { storableText } from "@/lib/api/redaction";
import type { ReadBody } from "@/lib/api/request-body";
import { clock } from "@/lib/clock";
import type { RefusalReason } from "@/lib/refusal-reasons";
import type { RequestLogEntry } from "@/lib/services/logs/types";

const MAX_METHOD_LENGTH = 10;
const MAX_PATH_LENGTH = 2048;
const MAX_USER_AGENT_LENGTH = 512;
const MAX_SUMMARY_LENGTH = 200;

export interface LogOutcome {
  response: Response;
  errorCode: string | null;
  refusalReason: RefusalReason | null;
  /** The scope the operation needed, when refused for lacking it. */
  requiredScope?: string;
}

/**
 * Collects what the request log needs while the request runs, and builds the entry. Every
 * client-supplied or handler-supplied text goes through `storableText` here, in `entry()`,
 * and nowhere else: whatever a handler or a later field adds is redacted and escaped too.
 */
export class RequestLogDraft {
  private requestSummary: string | null = null;
  private responseSummary: string | null = null;
  private domainId: string | null = null;
  private readonly method: string;
  private readonly path: string;
  private readonly userAgent: string | null;
  private operation: string | null = null;
  private scope: string | null = null;

  constructor(
    req: Request,
    private readonly requestId: string,
    url = new URL(req.url),
  ) {
    this.method = req.method.toUpperCase();
    this.path = url.pathname + url.search;
    this.userAgent = req.headers.get("user-agent");
    if (url.search) this.requestSummary = `query ${url.search.slice(1)}`;
  }

  /** The declared operation and the scope it required (set before any refusal is logged). */
  declareOperation(operation: string, scope: string): void {
    this.operation = operation;
    this.scope = scope;
  }

  describeParams(params: Record<string, unknown>): void {
    const id = params.id;
    if (typeof id === "string") this.requestSummary = `id ${id}`;
  }

  describeBody(body: ReadBody): void {
    const type = body.contentType ? body.contentType.split(";")[0]!.trim() : "no content type";
    this.requestSummary = `${body.bytes} bytes ${type}`;
  }

  summarize(summary: { request?: string; response?: string }): void {
    if (summary.request !== undefined) this.requestSummary = summary.request;
    if (summary.response !== undefined) this.responseSummary = summary.response;
  }

  /** The domain the request touched (a domain operation sets it once it reached the domain). */
  touchDomain(domainId: string): void {
    this.domainId = domainId;
  }

  entry(
    token: StoredTokenForAuth,
    clientIp: string | null,
    outcome: LogOutcome,
    startedAt: number,
  ): RequestLogEntry {
    const summary = (value: string | null) =>
      value === null ? null : storableText(value, MAX_SUMMARY_LENGTH);
    return {
      createdAt: clock.now(),
      organizationId: token.organizationId,
      tokenId: token.id,
      tokenName: token.name,
      method: storableText(this.method, MAX_METHOD_LENGTH),
      path: storableText(this.path, MAX_PATH_LENGTH),
      status: outcome.response.status,
      clientIp: clientIp ?? "unknown",
      userAgent:
        this.userAgent === null ? null : storableText(this.userAgent, MAX_USER_AGENT_LENGTH),
      durationMs: Math.max(0, Math.round(performance.now() - startedAt)),
      requestSummary: summary(this.requestSummary),
      responseSummary: summary(outcome.errorCode ?? this.responseSummary),
      errorCode: outcome.errorCode,
      requestId: this.requestId,
      refusalReason: outcome.refusalReason,
      // Any request presenting a rotated token: accepted in its grace period, refused after.
      afterRotation: token.rotationEndsAt !== null,
      requiredScope: outcome.requiredScope ?? null,
      domainId: this.domainId,
      operation: this.operation,
      scope: this.scope,
    };
  }
}
