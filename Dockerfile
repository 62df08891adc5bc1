# The server with the built web app. PostgreSQL comes from DATABASE_URL (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV IBM_TELEMETRY_DISABLED=true
COPY package.json package-lock.json .npmrc ./
COPY server/package.json server/
COPY designer/package.json designer/
# patches/ is applied to node_modules by the postinstall step (patch-package)
COPY patches patches/
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000
COPY --from=build /app /app
EXPOSE 3000
USER node
CMD ["node", "server/dist/server/src/main.js"]
