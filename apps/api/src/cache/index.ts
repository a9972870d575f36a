export { PortfolioCache, type CacheLookup, type CacheLogger, type PortfolioCacheOptions, type ServiceCache } from './portfolio-cache.js';
export { createRedisClient, type RedisClientOptions } from './redis-client.js';
