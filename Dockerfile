# Folio API (+ dashboard, once built) as one image. Build from the repository root:
#   docker build -t folio .
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile && pnpm turbo run build --filter=@folio/api... \
 && pnpm deploy --filter=@folio/api --prod --legacy /out \
 && cp -r apps/api/dist /out/dist \
 && cp -r apps/dashboard/dist /out/dist/dashboard

FROM node:20-bookworm-slim
# No PostgreSQL client: `folio backup|restore` talk to the server through the driver (COPY), so any
# server version compose runs works without a matching pg_dump.
WORKDIR /app
COPY --from=build /out /app
# The app stays root-owned and read-only to the server; /data is its working directory and DATA_DIR,
# owned by the user it runs as, so `folio backup` (which writes to the working directory by default)
# and an embedded Postgres (no DATABASE_URL) can write there.
RUN mkdir /data && chown node:node /data
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000 DATA_DIR=/data
WORKDIR /data
VOLUME /data
EXPOSE 8000
USER node
CMD ["node", "/app/dist/main.js"]
