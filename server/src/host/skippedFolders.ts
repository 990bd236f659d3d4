// Folders that neither the CLI's walk nor the workspace's scan enters: version-control metadata and copies of other
// projects' code, whose Dockerfiles and go.mod files are not the project's builds.
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', 'vendor', '.hg', '.svn']);
