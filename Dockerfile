# Expertnet: one image for the chain, miner and validator daemons.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Toolchain only for native addons whose prebuilt binaries do not fit (argon2, classic-level ship prebuilds).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
# Scripts are skipped here because `prepare` needs the sources; native addons are set up right after.
# .npmrc keeps onnxruntime-node from downloading CUDA binaries (CPU build; see README for CUDA).
RUN npm ci --ignore-scripts && npm rebuild argon2 classic-level
COPY . .
RUN npm run build && node dist/scripts/build-models.js --out models && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
# 9944 chain RPC, 9615 chain metrics, 8091 miner axon, 9101 miner metrics
EXPOSE 9944 9615 8091 9101
ENTRYPOINT ["node"]
CMD ["dist/chain/cli.js", "--dev", "--rpc-host", "0.0.0.0"]
