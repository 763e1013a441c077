# Puts a Node.js the project supports (22 or newer) first on PATH. Source it:
#   . scripts/node.sh
# When the machine's Node is older, Node 24 LTS is installed from the npm registry's `node`
# package into .node/ (git-ignored) once, and used from there.
_feedloom_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
_feedloom_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$_feedloom_major" -lt 22 ]; then
  if [ ! -x "$_feedloom_root/.node/node_modules/.bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo none) is older than 22: installing Node 24 into .node/" >&2
    npm install --prefix "$_feedloom_root/.node" --no-audit --no-fund --no-save node@24 >&2
  fi
  export PATH="$_feedloom_root/.node/node_modules/.bin:$PATH"
fi
echo "using node $(node --version) ($(command -v node))" >&2
unset _feedloom_root _feedloom_major
