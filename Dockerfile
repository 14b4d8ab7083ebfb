# syntax=docker/dockerfile:1
# Expertnet: one image for every role. The package's bins are on PATH, so
#   docker run IMAGE expertnet-chain --dev --rpc-host 0.0.0.0 --prometheus-external   (the default command)
#   docker run IMAGE expertnet-miner --netuid 1 --model models/legal-clause-strong ...
#   docker run IMAGE expertnet-validator ...      docker run IMAGE expertnet wallet list
# (the node image's entrypoint runs a command found on PATH as is, anything else with node).
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: compile TypeScript, build the domain models ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Toolchain for native addons on platforms without prebuilt binaries (argon2 and classic-level ship
# prebuilds for linux x64/arm64, so there it is not used).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
# Lifecycle scripts are skipped because `prepare` builds, which needs the sources; the native addons are
# set up right after. onnxruntime-node's CPU binaries are in its package; .npmrc keeps its installer from
# fetching CUDA ones (see README for GPUs).
RUN npm ci --ignore-scripts && npm rebuild argon2 classic-level
COPY . .
RUN npm run build && node dist/scripts/build-models.js --out models

# --- runtime: production dependencies, compiled code and models, non-root ---
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
# Same reason for --ignore-scripts; `npm rebuild` then loads each addon's prebuilt binary (and would
# compile it where none fits, failing the build rather than the daemon).
RUN npm ci --omit=dev --ignore-scripts && npm rebuild argon2 classic-level && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/models ./models
# The gateway's web page (plain files tsc does not copy; dist/ finds them in the source tree's place).
COPY --from=build /app/validator/gateway/web ./validator/gateway/web
# The bins of package.json on PATH, and the directories the daemons write, owned by the runtime user (a
# named volume mounted there takes that ownership): /data (chain data, validator state), /wallets (the
# compose wallets), ~/.bittensor/wallets (Bittensor's default place).
RUN node -e "const fs=require('fs');for(const[name,file]of Object.entries(require('./package.json').bin)){fs.chmodSync(file,0o755);fs.symlinkSync('/app/'+file,'/usr/local/bin/'+name)}" \
  && mkdir -p /data /wallets /home/node/.bittensor/wallets \
  && chown -R node:node /data /wallets /home/node/.bittensor
USER node
# 9944 chain RPC (WebSocket + HTTP), 9615 chain metrics, 8091 miner axon, 9101 miner metrics,
# 9102 validator metrics, 8700 validator gateway.
EXPOSE 9944 9615 8091 9101 9102 8700
# Healthy when the role's metrics endpoint (or the chain's RPC) answers; EXPERTNET_HEALTHCHECK_URL overrides.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "/app/dist/scripts/healthcheck.js"]
CMD ["expertnet-chain", "--dev", "--rpc-host", "0.0.0.0", "--prometheus-external"]
