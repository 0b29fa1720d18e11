// Architecture rules checked by `npm run lint:deps` (part of `npm test`).
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-directory-cycles",
      comment:
        "Folders depend on each other in one direction only (for example lib/api → lib/services, never back): a cycle between folders means a piece of code sits in the wrong layer.",
      severity: "error",
      scope: "folder",
      from: { path: "^(app|components|lib)/" },
      to: { circular: true },
    },
    {
      name: "components-never-reach-the-database",
      comment:
        "Components render what pages and actions hand them: they never open the database or run SQL (lib/db, lib/sql). Data comes through a page or an action, which goes through a service.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^lib/(db|sql)(\\.ts$|/)" },
    },
    {
      name: "components-never-run-services",
      comment:
        "Components never call a service: a page or an action does, with the principal it built. They may import a service's types (its answer is their props); pure rules the browser shares live in lib/rules.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^lib/services/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "rules-stay-pure",
      comment:
        "lib/rules holds pure rules and plain types that the browser and the server share: nothing there may reach the database, a service or a server-only module.",
      severity: "error",
      from: { path: "^lib/rules/" },
      to: {
        path: "^(lib/(db|sql|services|session|actions|api|jobs)(\\.ts$|/)|node_modules/server-only/)",
      },
    },
    {
      name: "request-path-sql-stands-alone",
      comment:
        "lib/sql/request-path is what every /api/v1 request runs: it may use the pool, the configuration, the generated types and the shapes it serializes, nothing else of the application, so nothing slow or stateful joins the request path unnoticed.",
      severity: "error",
      from: { path: "^lib/sql/request-path/" },
      to: {
        path: "^(app|components|lib)/",
        pathNot:
          "^lib/(db\\.ts|config\\.(ts|mjs)|generated/|validations/domain\\.ts|sql/request-path/)",
      },
    },
    {
      name: "services-never-import-next",
      comment:
        "lib/services holds the data logic behind pages, actions and the API alike: no HTTP and no framework. Sessions, redirects, cookies and responses belong to the edges (lib/session, lib/actions, lib/api).",
      severity: "error",
      from: { path: "^lib/services/" },
      to: { path: "^node_modules/(next|next-auth)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^lib/generated/|\\.test\\.tsx?$|/test-[a-z-]+\\.ts$)" },
    tsConfig: { fileName: "tsconfig.json" },
    // Type-only imports count: a cycle of types is still two layers knowing each other.
    tsPreCompilationDeps: true,
  },
};
