import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Body of `POST /api/auth/login`. */
export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  username!: string;

  @ApiProperty({ example: 'admin-demo', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  password!: string;
}
