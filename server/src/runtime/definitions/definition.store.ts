import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** SQL of deployments and process definitions as the API lists them (the engine reads definitions through the definition cache). */
@Injectable()
export class DefinitionStore {
  constructor(private readonly ds: DataSource) {}

  /** The tenant's deployments, newest first, with who deployed them and the definitions each made. */
  async deployments(tenantId: string): Promise<Record<string, unknown>[]> {
    return this.ds.query(
      `SELECT d.id, d.name, d.created_at AS "createdAt", u.username AS "deployedBy",
         (SELECT coalesce(json_agg(json_build_object('id', p.id, 'key', p.key, 'version', p.version)), '[]') FROM process_definition p WHERE p.deployment_id = d.id) AS "processDefinitions"
       FROM deployment d LEFT JOIN app_user u ON u.id = d.deployed_by WHERE d.tenant_id = $1 ORDER BY d.created_at DESC LIMIT 200`,
      [tenantId],
    );
  }

  /** The tenant's process definitions (of one key when given; only the latest version of each key when `latest`). */
  async definitions(tenantId: string, key: string | null, latest: boolean): Promise<Record<string, unknown>[]> {
    return this.ds.query(
      `SELECT ${latest ? 'DISTINCT ON (p.key)' : ''} p.id, p.key, p.version, p.name, p.deployment_id AS "deploymentId",
         p.resource_name AS "resourceName", p.created_at AS "createdAt", u.username AS "deployedBy"
       FROM process_definition p JOIN deployment d ON d.id = p.deployment_id LEFT JOIN app_user u ON u.id = d.deployed_by
       WHERE p.tenant_id = $1 AND ($2::text IS NULL OR p.key = $2)
       ORDER BY p.key, p.version DESC`,
      [tenantId, key],
    );
  }

  /** One process definition (with its XML when asked); callers check the id is a UUID and the tenant. */
  async definition(id: string, withXml: boolean): Promise<Record<string, unknown> | undefined> {
    const [row] = await this.ds.query(
      `SELECT id, tenant_id AS "tenantId", key, version, name, deployment_id AS "deploymentId", resource_name AS "resourceName",
         created_at AS "createdAt" ${withXml ? ', xml' : ''}
       FROM process_definition WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** The XML of the latest version of each of `keys` in the tenant (keys not deployed are left out). */
  async latestXml(tenantId: string, keys: string[]): Promise<{ key: string; xml: string }[]> {
    if (!keys.length) return [];
    return this.ds.query(
      `SELECT DISTINCT ON (key) key, xml FROM process_definition WHERE tenant_id = $1 AND key = ANY($2::text[]) ORDER BY key, version DESC`,
      [tenantId, keys],
    );
  }
}
