# The server with the built web app, on the current Node LTS. PostgreSQL comes from DATABASE_URL
# (see docker-compose.yml). Two stages: sources, dev dependencies and the build stay in the first.
FROM node:24-bookworm-slim AS build
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

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000
# only what runs: production node_modules, the compiled server (with its migrations), the built
# web app, the regulation variants and the package manifests (the workspace root is found by them)
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules/
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist/
COPY --from=build /app/designer/package.json designer/
COPY --from=build /app/designer/dist designer/dist/
COPY --from=build /app/processes processes/
EXPOSE 3000
USER node
CMD ["node", "server/dist/server/src/main.js"]
