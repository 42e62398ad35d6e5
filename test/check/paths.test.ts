// Path mapping from dump paths to tree files: every way a dump can name a file (same machine, -trimpath, another
// build directory, Windows), ambiguity, and the files that must never map (stdlib, module cache, a dependency
// with the same layout).

import { describe, expect, it } from 'vitest';
import { PathMapper, type SourceTree } from '../../src/check/paths.js';

const tree: SourceTree = {
  root: '/src/shop',
  packages: [
    { dir: '/src/shop', importPath: 'example.com/shop', files: ['/src/shop/main.go', '/src/shop/handlers.go'] },
    {
      dir: '/src/shop/orders',
      importPath: 'example.com/shop/orders',
      files: ['/src/shop/orders/orders.go', '/src/shop/orders/audit.go'],
    },
    {
      dir: '/src/shop/internal/util',
      importPath: 'example.com/shop/internal/util',
      files: ['/src/shop/internal/util/util.go'],
    },
    { dir: '/src/shop/cmd/tool', importPath: 'example.com/shop/cmd/tool', files: ['/src/shop/cmd/tool/main.go'] },
  ],
};

const notify = 'example.com/shop/orders.(*AuditLog).Notify';

describe('PathMapper', () => {
  const m = new PathMapper(tree);

  it('takes a path of the tree as it is', () => {
    expect(m.map('/src/shop/orders/audit.go', notify)).toEqual({ file: '/src/shop/orders/audit.go', by: 'tree' });
  });

  it('maps -trimpath paths by module path', () => {
    expect(m.map('example.com/shop/orders/audit.go', notify)).toEqual({
      file: '/src/shop/orders/audit.go',
      by: 'module',
    });
    expect(m.map('example.com/shop/main.go', 'main.main')).toEqual({ file: '/src/shop/main.go', by: 'module' });
  });

  it("maps another build directory by the frame's package, or by a unique trailing path", () => {
    expect(m.map('/home/ci/build/orders/audit.go', notify)).toEqual({
      file: '/src/shop/orders/audit.go',
      by: 'package',
    });
    expect(m.map('C:\\build\\shop\\orders\\audit.go', notify)?.file).toBe('/src/shop/orders/audit.go');
    expect(m.map('/home/ci/build/handlers.go', 'main.(*server).price')).toEqual({
      file: '/src/shop/handlers.go',
      by: 'suffix',
    });
    expect(m.map('/home/ci/build/cmd/tool/main.go', 'main.main')).toEqual({
      file: '/src/shop/cmd/tool/main.go',
      by: 'suffix',
    });
  });

  it('refuses a file name the tree has twice, until --trim-prefix says where the tree was built', () => {
    expect(m.map('/home/ci/build/main.go', 'main.main')).toBeUndefined();
    expect([...m.ambiguous]).toEqual(['/home/ci/build/main.go']);
    const trimmed = new PathMapper(tree, { trimPrefixes: ['/home/ci/build'] });
    expect(trimmed.map('/home/ci/build/main.go', 'main.main')).toEqual({
      file: '/src/shop/main.go',
      by: 'trim-prefix',
    });
  });

  it('never maps the standard library, the module cache, or a dependency with the same layout', () => {
    expect(PathMapper.isCandidate('/usr/local/go/src/net/http/server.go', 'net/http.(*conn).serve')).toBe(false);
    expect(
      PathMapper.isCandidate('/root/go/pkg/mod/github.com/o/lib@v1.2.0/util/util.go', 'github.com/o/lib/util.Do'),
    ).toBe(false);
    expect(PathMapper.isCandidate('github.com/o/lib@v1.2.0/util/util.go', 'github.com/o/lib/util.Do')).toBe(false);
    expect(PathMapper.isCandidate('/build/shop/vendor/github.com/o/lib/util.go', 'github.com/o/lib.Do')).toBe(false);
    expect(m.map('/vendor-copy/internal/util/util.go', 'github.com/other/lib/internal/util.Do')).toBeUndefined();
    expect(m.map('/elsewhere/internal/util/util.go', 'example.com/shop/internal/util.Do')?.file).toBe(
      '/src/shop/internal/util/util.go',
    );
  });
});
