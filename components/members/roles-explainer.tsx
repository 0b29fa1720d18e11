import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/permissions";

/** What each role may do, in a sentence each (lib/permissions.ts holds the rules). */
export function RolesExplainer() {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Roles</CardTitle>
        <CardDescription>
          Every member sees the organization&apos;s tokens, logs and members.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-3 text-sm sm:grid-cols-3">
          {ROLES.map((role) => (
            <div key={role} className="grid content-start gap-0.5">
              <dt className="font-medium">{ROLE_LABELS[role]}s</dt>
              <dd className="text-muted-foreground">{ROLE_DESCRIPTIONS[role]}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}
