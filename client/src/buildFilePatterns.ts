// Which files the editor sends the language server besides Dockerfiles and module files (kept free of the vscode API,
// so tests can read it).

/**
 * Files that declare builds, whose text the server reads for the Dockerfiles they build: compose files, bake files,
 * GitHub workflows, GitLab CI, Makefiles and shell scripts. Selected by name, never by language: YAML, Makefile and
 * shell documents stay the other extensions' (only their text is sent; the server shows nothing in the ones that
 * build no Dockerfile).
 */
export const BUILD_FILE_PATTERNS = [
  '**/{compose.yaml,compose.yml,compose.override.yaml,compose.override.yml,docker-compose.yaml,docker-compose.yml,docker-compose.*.yaml,docker-compose.*.yml}',
  '**/{docker-bake.json,docker-bake.hcl}',
  '**/.github/workflows/*.{yml,yaml}',
  '**/.gitlab-ci.{yml,yaml}',
  '**/{Makefile,makefile,GNUmakefile,*.mk}',
  '**/*.{sh,bash}',
];
