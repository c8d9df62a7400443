import { startHarness } from './harness';
it('diff', async () => {
  const h = await startHarness({ demoData: false });
  console.log('DIFF[' + (await h.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })) + ']');
  console.log('NEEDED ' + await h.orm.getMigrator().checkMigrationNeeded());
  await h.close();
});
