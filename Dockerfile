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
# pg_dump/pg_restore for `folio backup|restore`
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000
EXPOSE 8000
USER node
CMD ["node", "dist/main.js"]
