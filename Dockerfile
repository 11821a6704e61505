# syntax=docker/dockerfile:1
# Build stage: install everything and compile TypeScript.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json* tsconfig.json tsconfig.build.json ./
COPY src ./src
# `npm ci` cannot be used: LanceDB's lockfile entry lists only the platform it was resolved on.
RUN npm install --no-audit --no-fund && npm prune --omit=dev

# Runtime stage: compiled code, production dependencies, prompts and seeds; runs as a non-root user.
FROM node:20-slim
ENV NODE_ENV=production LANCEDB_LOG=error PLANBOT_DB=/app/data/planbot PLANBOT_SEEDS=/app/seeds
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY prompts ./prompts
COPY seeds ./seeds
RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
VOLUME ["/app/data", "/app/seeds"]
CMD ["npm", "start"]
