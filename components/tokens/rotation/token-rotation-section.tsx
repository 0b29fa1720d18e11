import Link from "next/link";
import { DateTime, RelativeTime } from "@/components/time/relative-time";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { PostRotationUse, TokenRotationLink, TokenSummary } from "@/lib/services/tokens";

// What a token's page says about rotation: on a rotated token, its successor, until when it
// works and what still uses it; on a successor, the token it replaced.

type RotationFields = Pick<
  TokenSummary,
  "status" | "revokedAt" | "rotatedAt" | "rotationEndsAt" | "successor" | "predecessor"
>;

export function TokenRotationSection({
  token,
  uses,
  now = new Date(),
}: {
  token: RotationFields;
  uses: PostRotationUse[];
  now?: Date;
}) {
  if (token.rotatedAt && token.rotationEndsAt) {
    const inGrace = token.status === "rotated" && token.rotationEndsAt > now;
    // Revoking during the grace period stopped it sooner.
    const stoppedAt =
      token.revokedAt && token.revokedAt < token.rotationEndsAt
        ? token.revokedAt
        : token.rotationEndsAt;
    return (
      <>
        <RotatedNotice
          rotatedAt={token.rotatedAt}
          endsAt={stoppedAt}
          inGrace={inGrace}
          successor={token.successor}
        />
        <PostRotationUses rotatedAt={token.rotatedAt} uses={uses} />
      </>
    );
  }
  if (token.predecessor) {
    return (
      <Alert variant="info">
        <AlertDescription className="text-foreground">
          This token replaced <TokenLink token={token.predecessor} /> when it was rotated.
        </AlertDescription>
      </Alert>
    );
  }
  return null;
}

function TokenLink({ token }: { token: TokenRotationLink }) {
  return (
    <Link
      href={`/settings/api-tokens/${token.id}`}
      className="rounded-sm font-medium underline underline-offset-4 hover:text-foreground"
    >
      &ldquo;{token.name}&rdquo; <code className="font-mono text-xs">…{token.lastFour}</code>
    </Link>
  );
}

function RotatedNotice({
  rotatedAt,
  endsAt,
  inGrace,
  successor,
}: {
  rotatedAt: Date;
  endsAt: Date;
  inGrace: boolean;
  successor: TokenRotationLink | null;
}) {
  return (
    <Alert variant={inGrace ? "warning" : "neutral"} data-testid="rotation-notice">
      <AlertTitle>
        {inGrace ? "Rotated: this token still works for now" : "This token was rotated"}
      </AlertTitle>
      <AlertDescription className="grid gap-1">
        <p>
          Replaced{" "}
          {successor ? (
            <>
              by <TokenLink token={successor} />{" "}
            </>
          ) : null}
          on <DateTime date={rotatedAt} />.
        </p>
        {inGrace && successor?.expiresPredecessorOnFirstUse && !successor.lastUsedAt ? (
          // Both ends, as chosen: the grace period and "expire on first use".
          <p>
            It keeps working until the new token is first used or until{" "}
            <DateTime date={endsAt} className="font-medium" /> (
            <RelativeTime date={endsAt} />
            ), whichever comes first; then every request made with it is rejected. Revoke it to stop
            it sooner.
          </p>
        ) : inGrace ? (
          <p>
            It keeps working until <DateTime date={endsAt} className="font-medium" /> (
            <RelativeTime date={endsAt} />
            ), then every request made with it is rejected. Revoke it to stop it sooner.
          </p>
        ) : (
          <p>
            It stopped working on <DateTime date={endsAt} />: requests made with it are rejected.
          </p>
        )}
      </AlertDescription>
    </Alert>
  );
}

function PostRotationUses({ rotatedAt, uses }: { rotatedAt: Date; uses: PostRotationUse[] }) {
  return (
    // min-w-0: the page is a grid, and a grid item would otherwise grow to its table's width.
    <Card className="min-w-0">
      <CardHeader>
        <CardTitle>
          {uses.length > 0 ? "Still in use after rotation" : "Not used since rotation"}
        </CardTitle>
        <CardDescription>
          {uses.length > 0 ? (
            <>
              These addresses sent requests with this token after it was rotated on{" "}
              <DateTime date={rotatedAt} />. Move them to the new token.
            </>
          ) : (
            "No request has been made with this token since it was rotated."
          )}
        </CardDescription>
      </CardHeader>
      {uses.length > 0 ? (
        <CardContent>
          <div className="overflow-hidden rounded-lg border">
            <Table>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead scope="col">IP address</TableHead>
                  <TableHead scope="col">Last seen</TableHead>
                  <TableHead scope="col">Requests</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {uses.map((use) => (
                  <TableRow key={use.ip} data-testid="post-rotation-ip">
                    <TableCell className="whitespace-normal break-all font-mono text-xs">
                      {use.ip}
                    </TableCell>
                    <TableCell className="text-xs">
                      <RelativeTime date={use.lastSeenAt} />
                    </TableCell>
                    <TableCell className="whitespace-normal text-xs tabular-nums">
                      {use.accepted} accepted
                      {use.refused > 0 ? `, ${use.refused} refused` : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </CardContent>
      ) : null}
    </Card>
  );
}
