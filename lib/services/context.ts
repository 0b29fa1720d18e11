import type { Principal } from "@/lib/auth/principal";

// The first argument of every service that acts in an organization: who acts (built at the
// edge: a server action from the session, an /api/v1 operation from the bearer token) and
// where. The second argument is the service's input, in the domain's types
// (lib/validations/<resource>.ts), never an edge's wire format.

export interface ServiceContext {
  principal: Principal;
  organizationId: string;
}
