# syntax=docker/dockerfile:1
# Build stage: install everything and compile TypeScript.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json* tsconfig.json tsconfig.build.json ./
COPY src ./src
# `npm ci` cannot be used: LanceDB's lockfile entry lists only the platform it was resolved on.
# `npm install` runs the prepare script, which compiles src/ to dist/.
RUN npm install --no-audit --no-fund && npm prune --omit=dev

# Runtime stage: compiled code, production dependencies, prompts and seeds; runs as the non-root user "node".
FROM node:20-slim
# HTTP_HOST=0.0.0.0 so that the port can be published (compose.yaml publishes it on the host's 127.0.0.1 only).
ENV NODE_ENV=production LANCEDB_LOG=error PLANBOT_DB=/app/data/planbot PLANBOT_SEEDS=/app/seeds \
    HTTP_HOST=0.0.0.0 HTTP_PORT=8787
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY prompts ./prompts
COPY seeds ./seeds
# The store is built from the seeds at first start (a bind-mounted ./data would hide one built into the image).
# Wechaty keeps the WeChat login session in ./planbot.memory-card.json; the link puts it in the data volume,
# so that a restarted container need not scan the QR code again.
RUN mkdir -p /app/data && chown -R node:node /app/data \
    && ln -s /app/data/planbot.memory-card.json /app/planbot.memory-card.json
USER node
VOLUME ["/app/data", "/app/seeds"]
EXPOSE 8787
# slim has no curl: node's own fetch. The first start builds the store, hence the start period.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8787)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["npm", "start"]
