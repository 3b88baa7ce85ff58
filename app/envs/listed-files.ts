/**
 * Whether the files a record lists exist, from one directory listing per folder instead of one lstat
 * per file.
 *
 * A RECORD names every file of a distribution (24,505 entries in the 108-distribution bench
 * environment of `diagnose --all`, in a few thousand folders); one asynchronous lstat each was the
 * health check's largest cost after hashing. A name in its folder's listing exists (the listing is
 * what lstat would find in it). A name not in it is asked with lstat, so that every "missing" is
 * lstat's own answer: a folder that cannot be listed but can be searched, a name the file system
 * matches case-insensitively (Windows, macOS) or in another Unicode normalisation (macOS), or a file
 * created after the listing all get the answer a per-file lstat gives.
 */
import type { EnvHost } from './host';
import type { PathApi } from './paths';

/** Existence checks over one health check; a folder is listed once, the first time a file in it is asked. */
export class ListedFiles {
  private readonly listings = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(
    private readonly host: EnvHost,
    private readonly p: PathApi,
  ) {}

  /** True when `file` exists (as lstat sees it: a dangling link exists); `file` is an absolute, resolved path. */
  async exists(file: string): Promise<boolean> {
    // Without lstat the host's answer follows links (a dangling one is missing), which a listing cannot tell.
    if (!this.host.lstat) return (await this.host.kind(file)) !== null;
    const dir = this.p.dirname(file);
    let listing = this.listings.get(dir);
    if (listing === undefined) {
      listing = this.host.listDir(dir).then((names) => new Set(names));
      this.listings.set(dir, listing);
    }
    if ((await listing).has(this.p.basename(file))) return true;
    return (await this.host.lstat(file)) !== null;
  }
}
