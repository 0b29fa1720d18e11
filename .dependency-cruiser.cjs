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
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^lib/generated/|\\.test\\.tsx?$|/test-[a-z-]+\\.ts$)" },
    tsConfig: { fileName: "tsconfig.json" },
    // Type-only imports count: a cycle of types is still two layers knowing each other.
    tsPreCompilationDeps: true,
  },
};
