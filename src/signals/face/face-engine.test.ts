import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describeFaceEngineContract } from './face-engine.contract.ts';
import { PoolFaceEngine } from './face-engine.ts';
import { defaultModelId } from './models.ts';
import { FakeFaceEngine, fakeImage, fakeModelId } from '../../testing/fake-face-engine.ts';
import { lfwImage } from '../../testing/face-test-data.ts';

describeFaceEngineContract('fake', () => new FakeFaceEngine(), () => ({
  modelId: fakeModelId,
  person: fakeImage({ face: 'a' }),
  samePerson: fakeImage({ face: 'a', variant: 1 }),
  otherPerson: fakeImage({ face: 'b' }),
  noFace: fakeImage({ face: null }),
}));

const photos = [lfwImage('Abel_Pacheco', 1), lfwImage('Abel_Pacheco', 4), lfwImage('Akhmed_Zakayev', 1)];
const grey = await sharp({ create: { width: 160, height: 160, channels: 3, background: { r: 128, g: 128, b: 128 } } }).jpeg().toBuffer();

// One worker with the default model: detector and embedder load once (a few seconds).
describeFaceEngineContract('pool (default model)', () => new PoolFaceEngine({ size: 1 }), () => {
  const [person, samePerson, otherPerson] = photos.map((p) => new Uint8Array(readFileSync(p)));
  return { modelId: defaultModelId(), person: person!, samePerson: samePerson!, otherPerson: otherPerson!, noFace: new Uint8Array(grey) };
}, { skip: photos.every((p) => existsSync(p)) ? false : 'LFW photos not found under shared/data/lfw/' });
